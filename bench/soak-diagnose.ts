// What a failed soak prints to explain itself: CI keeps only the end of its output, and a stuck delivery
// can't be understood afterwards (the temporary directory and the processes are gone).
import type { DrecProcess } from "./drec-process";
import { send } from "./http-client";
import type { Deliveries } from "./soak-sender";
import type { StatsWatch } from "./soak-watch";

/** Stuck events described in full; the rest are only counted. */
const SHOWN = 8;

/** Lines describing the events never acknowledged, drec's readiness and its last output; empty if none. */
export async function diagnoseUndelivered(
  drec: DrecProcess,
  watch: StatsWatch,
  deliveries: Deliveries,
): Promise<string[]> {
  if (deliveries.inFlight.size === 0) return [];
  const stuck = [...deliveries.inFlight].slice(0, SHOWN);
  const entries = await watch.entries(stuck.map(([id]) => id)).catch((err: Error) => err);
  const lines = [`never acknowledged: ${deliveries.inFlight.size} event(s)`];
  for (const [id, flight] of stuck) {
    const entry = entries instanceof Error ? `unreadable (${entries.message})` : entries.get(id);
    lines.push(
      `  ${id} ${flight.kind} ${flight.repository}: ${flight.attempts} POSTs over ` +
        `${((Date.now() - flight.firstSentAt) / 1000).toFixed(0)} s, last ${flight.last}; ` +
        `ledger ${entry === undefined ? "none" : JSON.stringify(entry)}`,
    );
  }
  const ready = await send(drec.endpoint, false, "GET", "/readyz", {}, undefined, 5000);
  lines.push(`/readyz: ${ready.error ?? ready.status} ${ready.body.slice(0, 400)}`);
  lines.push(
    "drec's last output:",
    ...drec
      .outputTail()
      .split("\n")
      .slice(-20)
      .map((l) => `  ${l.slice(0, 300)}`),
  );
  return lines;
}
