import type { ApiError } from "../api/client";
import { Message } from "./Message";

interface Props {
  error: ApiError;
  retry(): void;
}

/** An API failure explained for people: what went wrong and a retry button. */
export function ApiErrorMessage({ error, retry }: Props) {
  const [title, body] =
    error.code === "NETWORK"
      ? ["drec cannot be reached", "The dashboard could not contact drec's API. Check that drec is running."]
      : error.code === "UNAUTHENTICATED"
        ? ["Sign in to see statistics", "This drec requires sign-in for reads. Sign in with an API token."]
        : error.code === "FORBIDDEN"
          ? ["Not allowed", error.message]
          : ["Something went wrong", error.message];
  return (
    <Message
      tone="error"
      title={title}
      action={
        <button type="button" class="button" onClick={retry}>
          Try again
        </button>
      }
    >
      <p>{body}</p>
    </Message>
  );
}
