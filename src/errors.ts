/** An expected failure with an HTTP status and a stable machine-readable code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. WWW-Authenticate or Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** 400: the request is malformed. */
export const badRequest = (message: string) => new AppError(400, "BAD_REQUEST", message);

/** 401: no or wrong credentials; `realm` goes into WWW-Authenticate. */
export const unauthorized = (message: string, realm = "drec") =>
  new AppError(401, "UNAUTHORIZED", message, { "WWW-Authenticate": `Bearer realm="${realm}"` });

/** 404: nothing lives at this path. */
export const notFound = (message: string) => new AppError(404, "NOT_FOUND", message);

/** 405: the path exists but not for this method. */
export const methodNotAllowed = (allowed: string[]) =>
  new AppError(405, "METHOD_NOT_ALLOWED", `method not allowed; use ${allowed.join(", ")}`, {
    Allow: allowed.join(", "),
  });

/** 413: the body is larger than the configured limit. */
export const payloadTooLarge = (limit: number) =>
  new AppError(413, "PAYLOAD_TOO_LARGE", `request body exceeds the limit of ${limit} bytes`);

/** 415: the Content-Type is not one drec reads. */
export const unsupportedMediaType = (got: string, accepted: string[]) =>
  new AppError(
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    `unsupported Content-Type "${got}"; send one of ${accepted.join(", ")}`,
  );

/** 415: the body is compressed in a way drec cannot decode. */
export const unsupportedContentEncoding = (got: string, accepted: string[]) =>
  new AppError(
    415,
    "UNSUPPORTED_CONTENT_ENCODING",
    `unsupported Content-Encoding ${JSON.stringify(got)}; send one of ${accepted.join(", ")}`,
    { "Accept-Encoding": accepted.join(", ") },
  );

/** 503: a dependency (the database) is down; the client should retry. */
export const serviceUnavailable = (message: string, retryAfterSeconds = 5) =>
  new AppError(503, "SERVICE_UNAVAILABLE", message, { "Retry-After": String(retryAfterSeconds) });
