import type { RequestHandler } from "express";

/**
 * Headers on every response, API and dashboard alike. drec serves HTTPS only, so browsers may pin it to
 * HTTPS for a year (no includeSubDomains: other hosts of the domain are not drec's to decide); nosniff
 * keeps a browser from running a JSON error body that echoes input as HTML or script.
 */
export const responseHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader("Strict-Transport-Security", "max-age=31536000");
  res.setHeader("X-Content-Type-Options", "nosniff");
  next();
};
