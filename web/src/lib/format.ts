// Numbers and times as the dashboard shows them. Formatting uses the browser's language.

const numberFormat = new Intl.NumberFormat(undefined);
const compactFormat = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** An exact count with grouping, e.g. 1,234,567. */
export const formatCount = (value: number): string => numberFormat.format(value);

/** A short count for tight spaces, e.g. 1.2M; exact below 10,000. */
export const formatCompact = (value: number): string =>
  value < 10_000 ? numberFormat.format(value) : compactFormat.format(value);

/** A local date and time, e.g. "Nov 27, 2026, 2:36 AM". */
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** A time relative to `now`, e.g. "3 hours ago"; under a minute is "just now". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/** The first 12 hex digits of a digest, as docker shows image ids. */
export const shortDigest = (digest: string): string => digest.replace(/^sha256:/, "").slice(0, 12);
