// Number and table formatting shared by the report, the phases' progress lines and the results'
// target checks; kept apart from report.ts so results.ts can use it without importing the report.
import type { LatencySummary } from "./stats";

/** Formats milliseconds: one decimal below 100, none above; "–" when missing. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}

/** Formats a rate: like milliseconds, one decimal below 100, none above. */
export const rate = ms;

/** A percentile of a summary, marked "≥" when it is a lower bound (an abandoned request). */
export function pct(summary: LatencySummary, key: "p50" | "p95" | "p99"): string {
  return `${summary.atLeast.includes(key) ? "≥" : ""}${ms(summary[key])}`;
}

/** Renders rows as a fixed-width table; cells that look numeric are right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = (cell: string) => /^[-–≥≤>\d.,x%/ ]+(ms|MB|s)?$/.test(cell);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
