// Writes a batch's counted changes to one document exactly once, even when the database refuses them.
//
// Invariant: a document holds, for one batch B, either the batch marker `B` (it got the whole fold of
// B's events) or per-event markers `B:<eventId>` (it got exactly those events' own updates), never
// both. The fold's filter skips a document holding `B` or any per-event marker of its contributors;
// each per-event write skips a document holding `B` or its own marker. So whatever a retry or a recovery
// finds, no event's change is applied twice, and the rest are applied once.
//
// The fold is tried first: one write per document per batch. If the database refuses it (a conflict, a
// legacy document of the wrong shape), or the document already holds per-event markers of the batch
// (an earlier attempt fell back), each event's own update is written alone; one the database still
// refuses after a couple of tries is reported, and the applier dead-letters its event.
import { setTimeout as sleep } from "node:timers/promises";
import { repositoryOf } from "../../store/document-filter";
import { countedWrite, type CountedWrite, type WriteResult } from "./run-write";
import { isRefusedWrite } from "../../store/database-errors";
import { step, type IngestDeps } from "../ingest-deps";
import type { FoldedWrite } from "./fold";

/** What one document of a batch got. */
export interface DocumentResult {
  /** The markers of this batch the document holds now: what the marker sweep must remove. */
  markers: string[];
  /** Events whose own update of the document the database refused, with its error. */
  refused: Map<string, unknown>;
}

/** The marker of one event's own update in batch `batchId` (batch ids hold no ":"). */
export const eventMarker = (batchId: string, eventId: string): string => `${batchId}:${eventId}`;

/** The batch a marker belongs to; a marker of drec before batching (an event id) is its own. */
export const batchOfMarker = (marker: string): string => marker.split(":", 1)[0];

/** Tries of a refused per-event write before its event counts as poison. */
const TRIES = 3;

function write(deps: IngestDeps, counted: CountedWrite, marker: string, skip: string[]) {
  return step(deps, counted.name, () => countedWrite(deps, counted, marker, skip));
}

async function perEvent(deps: IngestDeps, batchId: string, folded: FoldedWrite): Promise<DocumentResult> {
  const markers = new Set<string>();
  const refused = new Map<string, unknown>();
  for (const part of folded.parts) {
    const marker = eventMarker(batchId, part.eventId);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result: WriteResult = await write(deps, { ...folded, update: part.update }, marker, [
          batchId,
          marker,
        ]);
        for (const m of result.written ? [marker] : result.markers) markers.add(m);
        break;
      } catch (err) {
        if (!isRefusedWrite(err)) throw err;
        if (attempt >= TRIES) {
          refused.set(part.eventId, err);
          break;
        }
        await sleep(10 * attempt);
      }
    }
  }
  return { markers: [...markers], refused };
}

/** What a fold must skip: a document holding the batch's marker or a per-event marker of a contributor. */
export const foldSkip = (batchId: string, folded: FoldedWrite): string[] => [
  batchId,
  ...folded.parts.map((p) => eventMarker(batchId, p.eventId)),
];

async function applyUnlocked(
  deps: IngestDeps,
  batchId: string,
  folded: FoldedWrite,
): Promise<DocumentResult> {
  if (folded.foldable) {
    try {
      const result = await write(deps, folded, batchId, foldSkip(batchId, folded));
      if (result.written || result.markers.includes(batchId))
        return { markers: [batchId], refused: new Map() };
    } catch (err) {
      if (!isRefusedWrite(err)) throw err;
      deps.log.info(
        { err, batch: batchId, target: folded.target },
        "folded write refused; writing per event",
      );
    }
  }
  return perEvent(deps, batchId, folded);
}

/** Applies a batch's counted changes to one document (see the invariant above). */
export function applyDocument(
  deps: IngestDeps,
  batchId: string,
  folded: FoldedWrite,
): Promise<DocumentResult> {
  const run = () => applyUnlocked(deps, batchId, folded);
  // The repository document is also written by star mutations (see store/repository-lock.ts).
  return folded.target === "repositories"
    ? deps.lock.run(repositoryOf(folded.target, folded.key), run)
    : run();
}
