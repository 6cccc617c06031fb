import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import { AppError, badRequest, notFound, payloadTooLarge, unsupportedContentEncoding } from "../errors";
import type { Logger } from "../logger";

/** Answers every unmatched route with a JSON 404. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`no route for ${req.method} ${req.path}`));
};

/** Turns AppErrors (and body-parser errors) into JSON responses; anything else is a masked 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err, req);
    if (!appError) {
      (req.log ?? log).error({ err, requestId: req.id }, "unhandled error");
    }
    const error = appError ?? new AppError(500, "INTERNAL", `internal error; request id ${String(req.id)}`);
    if (res.headersSent) return;
    res
      .status(error.status)
      .set(error.headers)
      .json({ error: { code: error.code, message: error.message } });
  };
}

/** The Content-Encodings body-parser decodes (zstd since Node 22.15/23.8). */
const ENCODINGS = ["gzip", "deflate", "br", "zstd", "identity"];

// body-parser signals its failures with a `type` and a status instead of an error class; a body that
// fails to decompress comes as the zlib error with status 400 and no type.
function toAppError(err: unknown, req: Request): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; limit?: number; message?: string; status?: unknown; encoding?: string };
  if (e?.type === "entity.too.large") return payloadTooLarge(e.limit ?? 0);
  if (e?.type === "entity.parse.failed") return badRequest(`body is not valid JSON: ${e.message}`);
  if (e?.type === "encoding.unsupported")
    return unsupportedContentEncoding(String(req.headers["content-encoding"]).slice(0, 100), ENCODINGS);
  if (e?.type === "charset.unsupported") return badRequest(String(e.message));
  if (e?.type === "request.aborted") return badRequest("request aborted by the client");
  const encoding = req.headers["content-encoding"];
  if (e?.status === 400 && encoding !== undefined)
    return badRequest(
      `body is not valid ${JSON.stringify(encoding.slice(0, 100))}-encoded data: ${String(e.message)}`,
    );
  return undefined;
}
