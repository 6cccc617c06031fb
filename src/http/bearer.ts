import crypto from "node:crypto";
import type { RequestHandler } from "express";
import { unauthorized } from "../errors";

/** Bearer tokens a route accepts, kept as SHA-256 digests so every comparison has the same length. */
export interface BearerTokens {
  hashes: Buffer[];
}

const sha256 = (text: string): Buffer => crypto.createHash("sha256").update(text, "utf8").digest();

/** Holds `tokens` (hashed) for requireBearer. */
export function bearerTokens(tokens: readonly string[]): BearerTokens {
  return { hashes: tokens.map(sha256) };
}

/** True when `candidate` equals one of the tokens; takes the same time whichever matches, if any. */
export function tokenMatches(tokens: BearerTokens, candidate: string): boolean {
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

/**
 * Requires `Authorization: Bearer <token>` with one of `tokens` (read per request: they may be filled
 * after the route is mounted); else 401 with `WWW-Authenticate: Bearer realm="<realm>"`.
 */
export function requireBearer(tokens: BearerTokens, realm: string, what: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) return next(unauthorized("missing Authorization: Bearer <token>", realm));
    const token = BEARER.exec(header)?.[1];
    if (token === undefined || !tokenMatches(tokens, token))
      return next(unauthorized(`invalid ${what}`, realm));
    next();
  };
}
