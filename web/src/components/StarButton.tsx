import type { RepositorySummary } from "../api/types";
import { useStarToggle } from "../hooks/useStarToggle";
import { formatCompact } from "../lib/format";
import { useSession } from "../lib/session";

interface Props {
  repository: RepositorySummary;
  onChange(updated: RepositorySummary): void;
  /** Show the hint for anonymous viewers under the button rather than only on hover. */
  showHint?: boolean;
}

const HINT = "Sign in with an API token to star repositories.";

/** A toggle that stars or unstars a repository; disabled with a hint for anonymous viewers. */
export function StarButton({ repository, onChange, showHint = false }: Props) {
  const { viewer } = useSession();
  const { busy, error, toggle } = useStarToggle(repository, onChange);
  const starred = repository.viewerHasStarred;
  const hintId = `star-hint-${repository.name}`;
  const label = `${starred ? "Unstar" : "Star"} ${repository.name}`;
  return (
    <span class="star">
      <button
        type="button"
        class={`star-button${starred ? " is-starred" : ""}`}
        aria-pressed={starred}
        aria-label={label}
        aria-describedby={viewer ? undefined : hintId}
        title={viewer ? label : HINT}
        disabled={!viewer || busy}
        onClick={() => void toggle()}
      >
        <span aria-hidden="true" class="star-icon">
          {starred ? "★" : "☆"}
        </span>
        <span class="star-count">{formatCompact(repository.starCount)}</span>
      </button>
      {!viewer && (
        <span id={hintId} class={showHint ? "star-hint" : "visually-hidden"}>
          {HINT}
        </span>
      )}
      {error && (
        <span class="star-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
