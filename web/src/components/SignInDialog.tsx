import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { useSession } from "../lib/session";

interface Props {
  open: boolean;
  onClose(): void;
}

/** A modal form for pasting an API token; the token is checked with drec before it is kept. */
export function SignInDialog({ open, onClose }: Props) {
  const { signIn } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      setToken("");
      setError(null);
      element.showModal();
    } else if (!open && element.open) element.close();
  }, [open]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!token.trim()) return setError("Paste your API token first.");
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
      onClose();
    } catch (err) {
      setError(
        err instanceof ApiError && (err.code === "UNAUTHENTICATED" || err.code === "FORBIDDEN")
          ? "drec did not accept that token. Check it and try again."
          : err instanceof Error
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="sign-in-title" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <h2 id="sign-in-title">Sign in with an API token</h2>
        <p class="muted">
          Ask your drec operator for a token (<code>api.tokens</code>). It stays in this browser's local
          storage and is sent only to this drec.
        </p>
        <label for="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "token-error" : undefined}
        />
        {error && (
          <p id="token-error" class="form-error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="button button-quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? "Checking…" : "Sign in"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
