import { DEFAULT_SOURCE } from "../config/sources.schema";
import type { AutomatedRules } from "./events/automated-rule";
import type { ApplyOutcome } from "./apply/applier";
import type { Pipeline } from "./pipeline";
import { ledgerEntry } from "./ledger/ledger-entries";
import type { AppendResult } from "./ledger/group-commit";
import type { NormalizedEvent } from "./events/normalized";
import type { IngestDeps } from "./ingest-deps";
import {
  prepareEvent,
  settleRedelivery,
  type EventOutcome,
  type EventResult,
  type PreparedEvent,
} from "./ingest-event";
import { recordDeadLetter } from "./ledger/record-dead-letter";

/** The answer to a registry: how many events came and what became of them. */
export interface IngestSummary {
  received: number;
  /** Stored now: their statistics are applied once (before the answer with `acknowledge: applied`). */
  counted: number;
  /** Stored before (same event id): they are not counted again. */
  duplicates: number;
  /** Not stored at all: blobs, mounts, unknown actions. */
  ignored: number;
  /** Could not be interpreted: kept in drec_dead_letters. */
  rejected: number;
}

/** Per-request settings of the ingest contract. */
export interface IngestLimits {
  /** How far in the future (by drec's clock) an event's timestamp may lie. */
  maxClockSkewSeconds: number;
  /** Which pulls come from automated clients (ingest.automated); none when absent. */
  automated?: AutomatedRules;
  /** The source (ingest.sources) that posted them; the default source when absent. */
  source?: string;
}

const FIELD: Record<EventOutcome, keyof IngestSummary> = {
  counted: "counted",
  duplicate: "duplicates",
  ignored: "ignored",
  rejected: "rejected",
};

/**
 * Ingests the events of one envelope. Every event is judged first; then all dead letters and ledger
 * entries are written at once (the journal puts the entries into a few group inserts instead of one
 * insert per event, which made a 1,000-event envelope outlast a registry's timeout). New events are
 * queued for the applier in envelope order; only then are redeliveries settled, so an id repeated
 * within the envelope finds its first occurrence queued and counts once. A database failure fails the
 * request after queueing what was stored; the registry's retry finds those as duplicates.
 */
export async function ingestEnvelope(
  deps: IngestDeps,
  pipeline: Pipeline,
  events: NormalizedEvent[],
  limits: IngestLimits,
): Promise<IngestSummary> {
  const receivedAt = new Date();
  const { source } = limits;
  const prepared = events.map((normalized): PreparedEvent => {
    if (normalized.kind === "ignore") return { action: "ignore", kind: "ignored" };
    if (normalized.kind === "reject") return { action: "reject", reason: normalized.reason };
    return prepareEvent(normalized.event, receivedAt, limits.maxClockSkewSeconds, limits.automated, source);
  });
  const writes = prepared.map((p, i): Promise<AppendResult | void> => {
    const normalized = events[i];
    // A dead letter keeps what the registry sent; the ledger the distribution event, which recovery re-reads.
    if (p.action === "reject")
      return recordDeadLetter(
        deps,
        "raw" in normalized ? normalized.raw : undefined,
        p.reason,
        receivedAt,
        source,
      );
    if (p.action === "store" && normalized.kind === "event")
      return pipeline.journal.append(ledgerEntry(deps, p.event, normalized.event, receivedAt));
    return Promise.resolve();
  });
  const written = await Promise.allSettled(writes);

  const results: EventResult[] = [];
  // Where each queued event's result stands, to report a refusal to a registry that waits for it.
  const applied: { index: number; outcome: Promise<ApplyOutcome> }[] = [];
  const redelivered: string[] = [];
  prepared.forEach((p, i) => {
    const write = written[i];
    if (p.action === "reject") results.push({ outcome: "rejected", kind: "invalid" });
    else if (p.action === "ignore") results.push({ outcome: "ignored", kind: p.kind });
    else if (write.status === "fulfilled" && write.value === "new") {
      const outcome = pipeline.applier.enqueue({ id: p.event.id, receivedAt, event: p.event });
      applied.push({ index: results.length, outcome });
      results.push({ outcome: "counted", kind: p.event.kind });
    } else if (write.status === "fulfilled") {
      redelivered.push(p.event.id);
      results.push({ outcome: "duplicate", kind: p.event.kind });
    }
  });
  // Awaited at the end (with `acknowledge: applied`); handled now so a failure meanwhile is not unhandled.
  const allApplied = Promise.all(applied.map((a) => a.outcome));
  allApplied.catch(() => undefined);
  const failed = written.find((w) => w.status === "rejected");
  if (failed) throw failed.reason;
  // Distinct ids: settling one id twice at once could recover it twice.
  await Promise.all([...new Set(redelivered)].map((id) => settleRedelivery(deps, pipeline, id)));
  // Only a registry that waits for the statistics learns that the database refused them.
  if (pipeline.acknowledge === "applied") {
    const outcomes = await allApplied;
    outcomes.forEach((outcome, i) => {
      if (outcome === "rejected") results[applied[i].index].outcome = "rejected";
    });
  }

  const summary: IngestSummary = {
    received: events.length,
    counted: 0,
    duplicates: 0,
    ignored: 0,
    rejected: 0,
  };
  for (const { outcome, kind } of results) {
    summary[FIELD[outcome]] += 1;
    deps.metrics.ingestEvents.inc({ outcome, kind, source: source ?? DEFAULT_SOURCE });
  }
  return summary;
}
