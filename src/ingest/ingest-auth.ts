import type { RequestHandler } from "express";
import { bearerTokens, requireBearer, type BearerTokens } from "../http/bearer";

/** The tokens that may post events; filled at start, since a generated token exists only then. */
export type IngestTokens = BearerTokens;

/** Holds `tokens` (hashed) for the auth middleware. */
export const ingestTokens = bearerTokens;

/** Requires `Authorization: Bearer <token>` with a valid token, unless anonymous ingest is allowed. */
export function requireIngestToken(tokens: IngestTokens, allowAnonymous: boolean): RequestHandler {
  const check = requireBearer(tokens, "drec-ingest", "ingest token");
  return (req, res, next) => (allowAnonymous ? next() : check(req, res, next));
}
