// The export's two formats. Both are produced row by row, so the response streams as the cursor reads.
import type { StaleImage } from "../stats/stale-image-row";

/** The CSV columns, in order; tags are space-separated (a tag never holds a space). */
export const CSV_COLUMNS = [
  "repository",
  "digest",
  "tags",
  "reason",
  "lastUsedAt",
  "pushedAt",
  "lastPulledAt",
  "lastCheckedAt",
  "pullCount",
  "automatedPullCount",
  "size",
  "mediaType",
] as const;

const iso = (date: Date | null) => (date ? date.toISOString() : "");

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record, CRLF-terminated as RFC 4180 says. */
export function csvRecord(image: StaleImage): string {
  const values: Record<(typeof CSV_COLUMNS)[number], string> = {
    repository: image.repository,
    digest: image.digest,
    tags: image.tags.join(" "),
    reason: image.reason,
    lastUsedAt: iso(image.lastUsedAt),
    pushedAt: iso(image.pushedAt),
    lastPulledAt: iso(image.lastPulledAt),
    lastCheckedAt: iso(image.lastCheckedAt),
    pullCount: String(image.pullCount),
    automatedPullCount: String(image.automatedPullCount),
    size: image.size === null ? "" : String(image.size),
    mediaType: image.mediaType ?? "",
  };
  return `${CSV_COLUMNS.map((column) => csvField(values[column])).join(",")}\r\n`;
}

/** The CSV header record. */
export const csvHeader = (): string => `${CSV_COLUMNS.join(",")}\r\n`;

/** A streamed JSON array: "[", then each row with a separator before all but the first, then "]". */
export async function* jsonArray(rows: AsyncIterable<StaleImage>): AsyncGenerator<string> {
  let first = true;
  yield "[";
  for await (const row of rows) {
    yield `${first ? "\n" : ",\n"}${JSON.stringify(row)}`;
    first = false;
  }
  yield "\n]\n";
}

/** The CSV document: header, then one record per row. */
export async function* csvDocument(rows: AsyncIterable<StaleImage>): AsyncGenerator<string> {
  yield csvHeader();
  for await (const row of rows) yield csvRecord(row);
}
