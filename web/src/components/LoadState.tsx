import type { ComponentChildren } from "preact";
import type { ApiError } from "../api/client";
import { ApiErrorMessage } from "./ApiErrorMessage";

interface Props {
  /** The way back, shown above every state. */
  back: ComponentChildren;
  error: ApiError | null;
  retry(): void;
  /** undefined while loading, null when the item does not exist. */
  value: unknown;
  /** What is loading, e.g. its name. */
  what: string;
  notFound: ComponentChildren;
}

/**
 * What a detail page (a repository, a namespace) shows before it has its item: the error, the not-found
 * message or the loading line; null once the item is there, so the page renders it.
 */
export function loadState({ back, error, retry, value, what, notFound }: Props) {
  if (error && !value)
    return (
      <>
        {back}
        <ApiErrorMessage error={error} retry={retry} />
      </>
    );
  if (value === null)
    return (
      <>
        {back}
        {notFound}
      </>
    );
  if (value === undefined)
    return (
      <>
        {back}
        <p class="loading" aria-live="polite">
          Loading {what}…
        </p>
      </>
    );
  return null;
}
