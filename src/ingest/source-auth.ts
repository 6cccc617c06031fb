// Which source a request comes from: the token it carries names it. Every token of every source is
// compared, in constant time and without an early exit, so timing tells neither which source matched
// nor how many tokens there are.
import crypto from "node:crypto";
import type { RequestHandler, Response } from "express";
import { DEFAULT_SOURCE, type SourceConfig, type SourceFormat } from "../config/sources.schema";
import { unauthorized } from "../errors";
import { bearerTokens, type BearerTokens } from "../http/bearer";

/** A source at run time: its tokens hashed. */
export interface Source {
  name: string;
  format: SourceFormat;
  tokens: BearerTokens;
}

/**
 * Every source of an app. `ingest.tokens` (or the generated token, filled in at start) are the
 * default source's; it reads every format (`auto`), so a single-registry drec takes Harbor, zot or ACR
 * without any source configured.
 */
export interface IngestSources {
  all: Source[];
  /** The default source (always present; it has no tokens while the generated one is not loaded). */
  fallback: Source;
}

/** The sources of a configuration. */
export function ingestSources(tokens: readonly string[], configured: readonly SourceConfig[]): IngestSources {
  const fallback: Source = { name: DEFAULT_SOURCE, format: "auto", tokens: bearerTokens(tokens) };
  const listed = configured.map((s) => ({ name: s.name, format: s.format, tokens: bearerTokens(s.tokens) }));
  const named = listed.find((s) => s.name === DEFAULT_SOURCE);
  return { all: named ? listed : [fallback, ...listed], fallback: named ?? fallback };
}

const sha256 = (text: string): Buffer => crypto.createHash("sha256").update(text, "utf8").digest();

/** The source one of whose tokens equals `candidate`; constant time over all of them. */
export function sourceOfToken(sources: IngestSources, candidate: string): Source | undefined {
  const hash = sha256(candidate);
  let found: Source | undefined;
  for (const source of sources.all) {
    for (const known of source.tokens.hashes) {
      const equal = crypto.timingSafeEqual(hash, known);
      if (equal && found === undefined) found = source;
    }
  }
  return found;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const BASIC = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i;

/**
 * The credential of an Authorization header: a Bearer token, or the password of Basic credentials
 * (zot's events sink can only send Basic auth; the user name is not checked).
 */
export function credentialOf(header: string): string | undefined {
  const bearer = BEARER.exec(header)?.[1];
  if (bearer !== undefined) return bearer;
  const basic = BASIC.exec(header)?.[1];
  if (basic === undefined) return undefined;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/** The source the auth middleware found for this request. */
export const requestSource = (res: Response): Source => res.locals.source as Source;

/**
 * Finds the request's source by its token (401 with `WWW-Authenticate` otherwise); with anonymous
 * ingest allowed, a request without a known token is the default source's.
 */
export function requireSource(sources: IngestSources, allowAnonymous: boolean): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    const credential = header === undefined ? undefined : credentialOf(header);
    const source = credential === undefined ? undefined : sourceOfToken(sources, credential);
    if (source === undefined && !allowAnonymous) {
      const problem = header === undefined ? "missing Authorization: Bearer <token>" : "invalid ingest token";
      return next(unauthorized(problem, "drec-ingest"));
    }
    res.locals.source = source ?? sources.fallback;
    next();
  };
}
