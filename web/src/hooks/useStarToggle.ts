// Starring and unstarring as the signed-in user.
import { useState } from "preact/hooks";
import { ApiError, execute } from "../api/client";
import { STAR, UNSTAR, type StarData, type UnstarData } from "../api/operations";
import type { RepositorySummary } from "../api/types";
import { useSession } from "../lib/session";

export interface StarToggle {
  busy: boolean;
  error: string | null;
  toggle(): Promise<void>;
}

export function useStarToggle(
  repository: RepositorySummary,
  onChange: (updated: RepositorySummary) => void,
): StarToggle {
  const { token } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const toggle = async () => {
    setBusy(true);
    setError(null);
    const variables = { name: repository.name };
    try {
      const updated = repository.viewerHasStarred
        ? (await execute<UnstarData, typeof variables>(UNSTAR, variables, { token })).unstarRepository
        : (await execute<StarData, typeof variables>(STAR, variables, { token })).starRepository;
      onChange(updated);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === "UNAUTHENTICATED"
          ? "drec did not accept your sign-in; sign in again to star."
          : err instanceof Error
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, toggle };
}
