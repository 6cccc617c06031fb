import type { ComponentChildren } from "preact";
import type { Pages } from "../hooks/usePages";
import { ApiErrorMessage } from "./ApiErrorMessage";

interface Props<T> {
  pages: Pages<T>;
  /** What is listed, plural: "events". */
  noun: string;
  /** Shown when the list is loaded and empty. */
  empty?: ComponentChildren;
}

/** Under a paged table: the error of the last page, the empty list's message, or the button loading more. */
export function PagedFooter<T>({ pages, noun, empty }: Props<T>) {
  if (pages.error) return <ApiErrorMessage error={pages.error} retry={pages.retry} />;
  if (pages.loading && pages.rows.length === 0)
    return (
      <p class="loading" aria-live="polite">
        Loading {noun}…
      </p>
    );
  if (pages.rows.length === 0 && !pages.loading) return empty ?? null;
  if (!pages.hasMore) return null;
  return (
    <div class="load-more">
      <button type="button" class="button" disabled={pages.loading} onClick={pages.loadMore}>
        {pages.loading ? "Loading…" : `Load more ${noun}`}
      </button>
    </div>
  );
}
