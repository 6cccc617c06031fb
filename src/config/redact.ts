import type { Config } from "./config.schema";

const HIDDEN = "<redacted>";

/** Returns the config with tokens and connection-string passwords replaced, safe to print or log. */
export function redact(config: Config): Config {
  const copy = structuredClone(config);
  copy.ingest.tokens = copy.ingest.tokens.map(() => HIDDEN);
  copy.ingest.sources = copy.ingest.sources.map((s) => ({ ...s, tokens: s.tokens.map(() => HIDDEN) }));
  copy.metrics.tokens = copy.metrics.tokens.map(() => HIDDEN);
  copy.api.tokens = Object.fromEntries(Object.keys(copy.api.tokens).map((user) => [user, HIDDEN]));
  copy.mongodb.uri = redactUri(copy.mongodb.uri);
  return copy;
}

/** Hides the password in a mongodb:// connection string. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:/@]+):[^@]*@/, `$1:${HIDDEN}@`);
}
