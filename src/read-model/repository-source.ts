// Which source a stored repository key belongs to: `<source>:<name>` for any but the default source
// (see ingest/events/source-key.ts, which builds the keys).
import { DEFAULT_SOURCE } from "../config/sources.schema";

/** The source of a stored repository key. */
export function sourceOfRepository(key: string): string {
  const colon = key.indexOf(":");
  return colon === -1 ? DEFAULT_SOURCE : key.slice(0, colon);
}
