// The soak's faults: SIGKILL of drec (then started again on the same data directory, as systemd or
// Kubernetes would) and SIGKILL of the embedded FerretDB (drec's supervisor restarts it), at seeded
// random times.
import { rng } from "./catalog";
import { parseMetrics } from "./apply-metrics";
import type { DrecProcess } from "./drec-process";
import { send } from "./http-client";
import { progress } from "./progress";
import { setTimeout as sleep } from "node:timers/promises";

/** What a fault kills; "exit" is drec ending by itself, which the soak answers like a process manager. */
export type FaultKind = "drec" | "database" | "exit";

/** One planned fault: what, and when (ms after the soak started). */
export interface PlannedFault {
  kind: FaultKind;
  atMs: number;
}

/** One fault as it happened. */
export interface FaultRecord {
  kind: FaultKind;
  /** Seconds after the soak started. */
  at: number;
  /** Seconds until drec answered /readyz 200 again. */
  recoverySeconds: number;
  /** For a database kill: restarts drec's own metric counted (1 when its supervisor restarted it). */
  supervisorRestarts?: number;
  /** For an exit: how drec ended and its last fatal or error log message. */
  reason?: string;
}

const RESTARTS = "drec_embedded_db_restarts_total";

/** `perKind` kills of each kind, shuffled, one per slot of the middle 75 % of the run. */
export function planFaults(seconds: number, seed: number, perKind: number): PlannedFault[] {
  const random = rng(seed ^ 0x5eed);
  const kinds: FaultKind[] = [];
  for (let i = 0; i < perKind; i += 1) kinds.push("drec", "database");
  for (let i = kinds.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const windowMs = seconds * 750;
  const slotMs = windowMs / kinds.length;
  return kinds.map((kind, i) => ({
    kind,
    atMs: Math.round(seconds * 100 + slotMs * (i + 0.2 + 0.6 * random())),
  }));
}

/** drec's restart counter, undefined when /metrics does not answer. */
async function supervisorRestarts(drec: DrecProcess): Promise<number | undefined> {
  const result = await send(drec.endpoint, false, "GET", "/metrics", {}, undefined, 5000);
  return result.status === 200 ? (parseMetrics(result.body).get(RESTARTS) ?? 0) : undefined;
}

async function waitReady(drec: DrecProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!drec.alive()) return false; // ended by itself: runFaults revives it
    if ((await send(drec.endpoint, false, "GET", "/readyz", {}, undefined, 2000)).status === 200) return true;
    await sleep(100);
  }
  return false;
}

/** drec's last log messages at `minLevel` or above (40 warn, 50 error, 60 fatal), newest first, each with where its error came from. */
export function lastMessages(drec: DrecProcess, minLevel: number, count: number): string[] {
  const found: string[] = [];
  for (const line of drec.outputTail().split("\n").reverse()) {
    try {
      const entry = JSON.parse(line) as {
        level: number;
        msg: string;
        err?: { type?: string; stack?: string };
      };
      if (entry.level < minLevel) continue;
      const frames = entry.err?.stack
        ?.split("\n")
        .slice(1, 4)
        .map((f) => f.trim())
        .join(" < ");
      const text = `${entry.msg}${entry.err ? ` [${entry.err.type}${frames ? ` at ${frames}` : ""}]` : ""}`;
      if (!found.includes(text)) found.push(text);
    } catch {
      if (line && minLevel <= 60 && !found.includes(line)) found.push(line); // not JSON: a crash's stderr
    }
    if (found.length >= count) break;
  }
  return found;
}

/** Starts drec again when it has ended by itself, as systemd or Kubernetes would; records it. */
async function revive(drec: DrecProcess, startedAt: number, records: FaultRecord[]): Promise<void> {
  if (drec.alive()) return;
  const record: FaultRecord = {
    kind: "exit",
    at: (Date.now() - startedAt) / 1000,
    recoverySeconds: 0,
    reason: `${drec.exitReason()}: ${lastMessages(drec, 50, 1)[0] ?? ""}`,
  };
  progress(`drec ended by itself (${record.reason}); starting it again`);
  const timing = await drec.restart();
  record.recoverySeconds = timing.stopSeconds + timing.startSeconds;
  records.push(record);
}

/** Kills the embedded database and waits until drec has restarted it and is ready again. */
async function killDatabase(drec: DrecProcess, record: FaultRecord): Promise<void> {
  const pid = drec.ferretPid;
  if (pid === undefined) throw new Error("drec runs no embedded FerretDB to kill");
  const before = await supervisorRestarts(drec);
  process.kill(pid, "SIGKILL");
  const started = Date.now();
  const deadline = started + 120_000;
  while (Date.now() < deadline) {
    const now = drec.ferretPid;
    if (now !== undefined && now !== pid) break;
    if (!drec.alive()) return; // runFaults revives it and records why
    await sleep(50);
  }
  if (!(await waitReady(drec, Math.max(0, deadline - Date.now())))) {
    if (!drec.alive()) return; // runFaults revives it and records why
    throw new Error(`drec was not ready within 120 s of the database kill:\n${drec.outputTail()}`);
  }
  record.recoverySeconds = (Date.now() - started) / 1000;
  const after = await supervisorRestarts(drec);
  if (before !== undefined && after !== undefined) record.supervisorRestarts = after - before;
}

/**
 * Runs the planned faults in order (each after the previous one recovered) until `stopped()`, and
 * starts drec again whenever it ends by itself, until `done()`.
 */
export async function runFaults(
  plan: PlannedFault[],
  drec: DrecProcess,
  startedAt: number,
  stopped: () => boolean,
  done: () => boolean,
): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  for (const fault of plan) {
    while (!stopped() && Date.now() - startedAt < fault.atMs) {
      await revive(drec, startedAt, records);
      await sleep(50);
    }
    await revive(drec, startedAt, records);
    if (stopped()) break;
    const record: FaultRecord = { kind: fault.kind, at: (Date.now() - startedAt) / 1000, recoverySeconds: 0 };
    if (fault.kind === "drec") {
      const timing = await drec.crash();
      record.recoverySeconds = timing.stopSeconds + timing.startSeconds;
    } else {
      await killDatabase(drec, record);
    }
    records.push(record);
    progress(
      `fault: SIGKILL ${fault.kind === "drec" ? "drec" : "embedded FerretDB"} at ${record.at.toFixed(1)} s; ready again after ${record.recoverySeconds.toFixed(1)} s`,
    );
  }
  while (!done()) {
    await revive(drec, startedAt, records);
    await sleep(100);
  }
  return records;
}
