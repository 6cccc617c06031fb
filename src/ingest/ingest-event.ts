import { setTimeout as sleep } from "node:timers/promises";
import { serviceUnavailable } from "../errors";
import type { EventDoc } from "../store/models/event.model";
import type { Pipeline } from "./pipeline";
import { recoverEntry } from "./ledger/recover";
import { automatedOf, NO_AUTOMATED_RULES, type AutomatedRules } from "./events/automated-rule";
import { classify } from "./events/classify";
import { parseEvent, quote } from "./events/event.schema";
import type { ClassifiedEvent, EventKind } from "./events/event.types";
import type { IngestDeps } from "./ingest-deps";
import { withSource } from "./events/source-key";
import { timestampProblem } from "./events/timestamp-window";

/** What happened to one event: stored now, stored before, not stored, or dead-lettered. */
export type EventOutcome = "counted" | "duplicate" | "ignored" | "rejected";

/** The outcome and, when the event could be interpreted, its kind (for metrics). */
export interface EventResult {
  outcome: EventOutcome;
  kind: EventKind | "invalid";
}

/** What one event needs before any write: a dead letter, nothing, or a ledger entry. */
export type PreparedEvent =
  | { action: "reject"; reason: string }
  | { action: "ignore"; kind: EventKind }
  | { action: "store"; event: ClassifiedEvent };

/** Validates and classifies one event of an envelope; pure, so a whole envelope is judged before writing. */
export function prepareEvent(
  raw: unknown,
  receivedAt: Date,
  maxClockSkewSeconds: number,
  rules: AutomatedRules = NO_AUTOMATED_RULES,
  source?: string,
): PreparedEvent {
  const parsed = parseEvent(raw);
  if (!parsed.ok) return { action: "reject", reason: parsed.reason };
  const problem = timestampProblem(parsed.event.timestamp, receivedAt, maxClockSkewSeconds);
  if (problem !== undefined) return { action: "reject", reason: problem };
  const event = withSource(classify(parsed.event), source);
  if (event.kind === "ignored") return { action: "ignore", kind: event.kind };
  const automated = automatedOf(rules, parsed.event, event);
  return { action: "store", event: automated === undefined ? event : { ...event, automated } };
}

type LedgerState = Pick<EventDoc, "_id" | "state" | "claimedBy" | "claimedUntil" | "batch">;

/**
 * A redelivered event is stored already. Makes sure somebody applies it: this process if it holds the
 * event, or recovers it because its claim lapsed, or another live process. With `acknowledge: applied`,
 * waits until it is applied (503 after claimWaitMs while another process still works on it).
 */
export async function settleRedelivery(deps: IngestDeps, pipeline: Pipeline, id: string): Promise<void> {
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
