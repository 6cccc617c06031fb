import crypto from "node:crypto";
import type { RequestHandler } from "express";
import { unauthorized } from "../errors";

/** The tokens that may post events; filled at start, since a generated token exists only then. */
export interface IngestTokens {
  /** SHA-256 digests of the valid tokens; hashing makes every comparison the same length. */
  hashes: Buffer[];
}

const sha256 = (text: string): Buffer => crypto.createHash("sha256").update(text, "utf8").digest();

/** Holds `tokens` (hashed) for the auth middleware. */
export function ingestTokens(tokens: readonly string[]): IngestTokens {
  return { hashes: tokens.map(sha256) };
}

/** True when `candidate` equals one of the tokens; takes the same time whichever matches, if any. */
export function tokenMatches(tokens: IngestTokens, candidate: string): boolean {
  const hash = sha256(candidate);
  let matched = false;
  // No early exit: the time must not tell how many tokens there are before the matching one.
  for (const known of tokens.hashes) {
    const equal = crypto.timingSafeEqual(hash, known);
    matched = matched || equal;
  }
  return matched;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Requires `Authorization: Bearer <token>` with a valid token, unless anonymous ingest is allowed. */
export function requireIngestToken(tokens: IngestTokens, allowAnonymous: boolean): RequestHandler {
  return (req, _res, next) => {
    if (allowAnonymous) return next();
    const header = req.headers.authorization;
    if (header === undefined)
      return next(unauthorized("missing Authorization: Bearer <token>", "drec-ingest"));
    const token = BEARER.exec(header)?.[1];
    if (token === undefined || !tokenMatches(tokens, token)) {
      return next(unauthorized("invalid ingest token", "drec-ingest"));
    }
    next();
  };
}
