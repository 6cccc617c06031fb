import { setTimeout as sleep } from "node:timers/promises";
import { serviceUnavailable } from "../../errors";
import type { EventDoc } from "../../stats/event.model";
import type { Pipeline } from "../batch/pipeline";
import { ledgerEntry } from "../batch/ledger";
import { recoverEntry } from "../batch/recover";
import { classify } from "../classify";
import { parseEvent, quote } from "../event.schema";
import type { EventKind } from "../event.types";
import type { IngestDeps } from "../ingest-deps";
import { recordDeadLetter } from "./record-dead-letter";

/** What happened to one event: stored now, stored before, not stored, or dead-lettered. */
export type EventOutcome = "counted" | "duplicate" | "ignored" | "rejected";

/** The outcome and, when the event could be interpreted, its kind (for metrics). */
export interface EventResult {
  outcome: EventOutcome;
  kind: EventKind | "invalid";
}

/** One event of an envelope: validate, classify, store it in the ledger and queue it for the applier. */
export async function ingestEvent(
  deps: IngestDeps,
  pipeline: Pipeline,
  raw: unknown,
  receivedAt: Date,
): Promise<EventResult> {
  const parsed = parseEvent(raw);
  if (!parsed.ok) {
    await recordDeadLetter(deps, raw, parsed.reason, receivedAt);
    return { outcome: "rejected", kind: "invalid" };
  }
  const event = classify(parsed.event);
  if (event.kind === "ignored") return { outcome: "ignored", kind: event.kind };
  const stored = await pipeline.journal.append(ledgerEntry(deps, event, raw, receivedAt));
  if (stored === "exists") {
    await settleRedelivery(deps, pipeline, event.id);
    return { outcome: "duplicate", kind: event.kind };
  }
  const applied = pipeline.applier.enqueue({ id: event.id, receivedAt, event });
  // Only a registry that waits for the statistics learns that the database refused them.
  if (pipeline.acknowledge === "applied" && (await applied) === "rejected") {
    return { outcome: "rejected", kind: event.kind };
  }
  return { outcome: "counted", kind: event.kind };
}

type LedgerState = Pick<EventDoc, "_id" | "state" | "claimedBy" | "claimedUntil" | "batch">;

/**
 * A redelivered event is stored already. Makes sure somebody applies it: this process if it holds the
 * event, or recovers it because its claim lapsed, or another live process. With `acknowledge: applied`,
 * waits until it is applied (503 after claimWaitMs while another process still works on it).
 */
async function settleRedelivery(deps: IngestDeps, pipeline: Pipeline, id: string): Promise<void> {
  const waitForIt = pipeline.acknowledge === "applied";
  const deadline = Date.now() + deps.claimWaitMs;
  for (;;) {
    const held = pipeline.applier.whenApplied(id);
    if (held) {
      if (waitForIt) await held;
      return;
    }
    const entry = await deps.models.events
      .findOne({ _id: id }, { state: 1, claimedBy: 1, claimedUntil: 1, batch: 1 })
      .lean<LedgerState>();
    // No entry: pruned after retention_days, so settled long ago (applied, or rejected).
    if (!entry || entry.state !== "pending") return;
    const lapsed = !entry.claimedUntil || entry.claimedUntil <= new Date();
    if (entry.claimedBy === deps.instanceId || lapsed) {
      await recoverEntry(deps, pipeline.applier, entry);
      continue;
    }
    if (!waitForIt) return;
    if (Date.now() >= deadline) {
      throw serviceUnavailable(`event ${quote(id)} is being applied by another process; retry`, 1);
    }
    await sleep(20);
  }
}
