// The soak's verdict: what was sent, acknowledged and counted, what was lost or counted twice, and the
// faults survived, as one table.
import type { FaultRecord } from "./soak-faults";
import type { Counts, Deliveries } from "./soak-sender";
import type { LedgerCheck } from "./soak-watch";

/** Everything the soak measured. */
export interface SoakResult {
  startedAt: string;
  seconds: number;
  wallSeconds: number;
  seed: number;
  concurrency: number;
  repositories: number;
  timeoutMs: number;
  deliveries: Deliveries;
  /** Manifest events the statistics count, summed over repositories. */
  counted: number;
  /** Acknowledged manifest events the statistics do not count. */
  lost: number;
  /** Counts beyond every manifest event ever posted. */
  doubleCounted: number;
  ledger: LedgerCheck;
  /** Events still unacknowledged when the senders gave up. */
  undelivered: number;
  longestStallSeconds: number;
  /** Seconds waited after the senders finished for the statistics to catch up. */
  settleSeconds: number;
  faults: FaultRecord[];
  /** Faults planned; those not run by the end of the load (slow recoveries push them back) are skipped. */
  plannedFaults: number;
  /** Why events were never acknowledged, as far as the soak could see; printed after the table. */
  diagnosis: string[];
}

const ZERO: Counts = { pulls: 0, pushes: 0 };

/**
 * Compares, per repository and kind, the counters with the events sent: below the acknowledged ones is
 * lost; above the acknowledged plus those never acknowledged (which drec may have stored before it
 * died) is counted twice.
 */
export function compare(
  deliveries: Deliveries,
  counts: Map<string, Counts>,
): { counted: number; lost: number; doubleCounted: number } {
  let counted = 0;
  let lost = 0;
  let doubleCounted = 0;
  const names = new Set([...deliveries.expected.keys(), ...counts.keys()]);
  for (const name of names) {
    const acked = deliveries.expected.get(name) ?? ZERO;
    const maybe = deliveries.unacknowledged.get(name) ?? ZERO;
    const got = counts.get(name) ?? ZERO;
    for (const kind of ["pulls", "pushes"] as const) {
      counted += got[kind];
      lost += Math.max(0, acked[kind] - got[kind]);
      doubleCounted += Math.max(0, got[kind] - acked[kind] - maybe[kind]);
    }
  }
  return { counted, lost, doubleCounted };
}

/** Why the soak failed; empty when it passed. */
export function failures(result: SoakResult): string[] {
  const reasons: string[] = [];
  if (result.lost > 0) reasons.push(`${result.lost} acknowledged event(s) lost`);
  if (result.doubleCounted > 0) reasons.push(`${result.doubleCounted} event(s) counted twice`);
  if (result.undelivered > 0) reasons.push(`${result.undelivered} event(s) never acknowledged`);
  return reasons;
}

const int = (n: number) => n.toLocaleString("en-US");

/** The soak's table. */
export function renderSoak(result: SoakResult): string {
  const d = result.deliveries;
  const byKind = (kind: FaultRecord["kind"]) => result.faults.filter((f) => f.kind === kind);
  const dbKills = byKind("database");
  const confirmed = dbKills.reduce((sum, f) => sum + (f.supervisorRestarts ?? 0), 0);
  const recovery = (records: FaultRecord[]) =>
    records.length
      ? `ready again after ${records.map((f) => f.recoverySeconds.toFixed(1)).join(", ")} s`
      : "";
  const statuses = Object.entries(d.statuses)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status}: ${int(n)}`)
    .join(", ");
  const rows: [string, string, string][] = [
    ["events sent (distinct ids)", int(d.sent), ""],
    ["  POSTs, retries included", int(d.attempts), statuses],
    ["events acknowledged (2xx)", int(d.acknowledged), ""],
    ["  manifest pulls and pushes acknowledged", int(d.acknowledgedManifests), ""],
    ["counted (repository counters in the database)", int(result.counted), ""],
    ["lost (acknowledged, not counted)", int(result.lost), "must be 0"],
    ["double-counted", int(result.doubleCounted), "must be 0"],
    ["acknowledged manifest events not in the ledger", int(result.ledger.missing), ""],
    ["  in the ledger, still pending", int(result.ledger.pending), ""],
    ["never acknowledged (sender gave up)", int(result.undelivered), "must be 0"],
    ["longest stall of the statistics", `${result.longestStallSeconds.toFixed(1)} s`, ""],
    [
      "faults run (of those planned)",
      `${result.faults.length - byKind("exit").length}/${result.plannedFaults}`,
      "",
    ],
    ["drec restarts (SIGKILL, then started again)", int(byKind("drec").length), recovery(byKind("drec"))],
    [
      "database restarts (SIGKILL, drec's supervisor)",
      int(dbKills.length),
      `${recovery(dbKills)}${dbKills.length ? `; drec_embedded_db_restarts_total +${confirmed}` : ""}`,
    ],
    [
      "drec ended by itself (started again by the soak)",
      int(byKind("exit").length),
      byKind("exit")
        .map((f) => `${f.at.toFixed(0)} s: ${f.reason}`)
        .join("; "),
    ],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => r[1].length));
  const reasons = failures(result);
  return [
    `drec soak, ${result.startedAt}: ${result.seconds} s of load (${result.wallSeconds.toFixed(0)} s in all, ` +
      `statistics settled ${result.settleSeconds.toFixed(1)} s after the last delivery), seed ${result.seed}, ` +
      `C=${result.concurrency} retrying senders over keep-alive HTTPS (timeout ${result.timeoutMs} ms), ` +
      `${result.repositories} repositories, embedded FerretDB`,
    "",
    `${"measure".padEnd(width)}  ${"value".padStart(valueWidth)}  note`,
    `${"-".repeat(width)}  ${"-".repeat(valueWidth)}  ----`,
    ...rows.map(([name, value, note]) =>
      `${name.padEnd(width)}  ${value.padStart(valueWidth)}  ${note}`.trimEnd(),
    ),
    "",
    ...result.diagnosis,
    reasons.length ? `FAIL: ${reasons.join("; ")}` : "PASS: nothing lost, nothing counted twice",
  ].join("\n");
}
