import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { isDatabaseUnavailable } from "../store/database-errors";

/** The error codes clients can rely on, in extensions.code. */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "BAD_REQUEST"
  | "NOT_FOUND"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "GRAPHQL_VALIDATION_FAILED"
  | "SERVICE_UNAVAILABLE";

/** A GraphQLError with a stable code; `status` only matters for errors raised before execution. */
export function graphqlError(code: ErrorCode, message: string, status?: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(status ? { http: { status } } : {}) } });
}

/** An argument is out of range or malformed. */
export const badUserInput = (message: string) => graphqlError("BAD_USER_INPUT", message);

/** The named thing does not exist. */
export const notFound = (message: string) => graphqlError("NOT_FOUND", message);

/** No (valid) identity; at context creation this answers HTTP 401 with a Bearer challenge. */
export const unauthenticated = (message: string, status?: number) =>
  new GraphQLError(message, {
    extensions: {
      code: "UNAUTHENTICATED",
      ...(status
        ? { http: { status, headers: new Map([["www-authenticate", 'Bearer realm="drec"']]) } }
        : {}),
    },
  });

/** The identity is known but not allowed to do this. */
export const forbidden = (message: string) => graphqlError("FORBIDDEN", message);

/** Message clients see while the database is down. */
export const UNAVAILABLE_MESSAGE = "the database is unavailable; retry later";

/** Seconds a client should wait before retrying while the database is down (HTTP Retry-After). */
export const UNAVAILABLE_RETRY_AFTER = "5";

/**
 * True when the error comes from the database being down (unreachable, no server selected, timed out):
 * not a bug, and the same request may succeed later.
 */
export function isUnavailable(error: unknown): boolean {
  const cause = error instanceof GraphQLError ? error.originalError : error;
  return cause !== undefined && !(cause instanceof GraphQLError) && isDatabaseUnavailable(cause);
}

/** Message clients see instead of an internal failure; details go to the log under the request id. */
export const INTERNAL_MESSAGE = "Internal server error";

/**
 * True when the error was not raised on purpose, so its message must not reach the client: anything
 * but a GraphQLError with a code. Apollo's own errors (parse, validation, variables) all carry codes;
 * graphql-js execution errors without one (a null in a non-null field, a count a scalar cannot
 * represent) are bugs or bad data.
 */
export function isInternal(error: unknown): boolean {
  if (isUnavailable(error)) return false;
  if (!(error instanceof GraphQLError)) return true;
  // A resolver's GraphQLError reaches here located (wrapped), with its extensions copied.
  if (error.originalError && !(error.originalError instanceof GraphQLError)) return true;
  const code = error.extensions?.code;
  return code === undefined || code === "INTERNAL_SERVER_ERROR";
}

/**
 * Hides internal failures: message, stack and extensions are replaced, the request id is added. A
 * database outage becomes SERVICE_UNAVAILABLE, so clients can tell "retry later" from a bug.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  requestId?: string,
): GraphQLFormattedError {
  if (isUnavailable(error))
    return {
      message: UNAVAILABLE_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "SERVICE_UNAVAILABLE" },
    };
  if (!isInternal(error)) return formatted;
  return {
    message: INTERNAL_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: "INTERNAL_SERVER_ERROR", ...(requestId ? { requestId } : {}) },
  };
}
