import type { Pipeline } from "../batch/pipeline";
import type { IngestDeps } from "../ingest-deps";
import { ingestEvent, type EventOutcome } from "./ingest-event";

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

const FIELD: Record<EventOutcome, keyof IngestSummary> = {
  counted: "counted",
  duplicate: "duplicates",
  ignored: "ignored",
  rejected: "rejected",
};

/** Ingests the events of one envelope in order; a database failure aborts with the events so far kept. */
export async function ingestEnvelope(
  deps: IngestDeps,
  pipeline: Pipeline,
  events: unknown[],
): Promise<IngestSummary> {
  const summary: IngestSummary = {
    received: events.length,
    counted: 0,
    duplicates: 0,
    ignored: 0,
    rejected: 0,
  };
  const receivedAt = new Date();
  for (const raw of events) {
    const { outcome, kind } = await ingestEvent(deps, pipeline, raw, receivedAt);
    summary[FIELD[outcome]] += 1;
    deps.metrics.ingestEvents.inc({ outcome, kind });
  }
  return summary;
}
