// The names of the sources a configuration can receive events from, for the API and the dashboard.
import { DEFAULT_SOURCE, type SourceConfig } from "./sources.schema";

/** What of `ingest` decides which sources exist. */
interface IngestSourcesConfig {
  tokens: readonly string[];
  allow_anonymous: boolean;
  sources: readonly SourceConfig[];
}

/**
 * "default" first when it can receive anything (its tokens, the generated token when no source is
 * listed, or anonymous ingest), then the listed sources in configuration order.
 */
export function sourceNames(ingest: IngestSourcesConfig): string[] {
  const listed = ingest.sources.map((source) => source.name);
  const implicitDefault = ingest.tokens.length > 0 || ingest.allow_anonymous || listed.length === 0;
  if (listed.includes(DEFAULT_SOURCE) || !implicitDefault) return listed;
  return [DEFAULT_SOURCE, ...listed];
}
