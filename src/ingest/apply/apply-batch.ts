// Applies one batch of claimed events: first the folded, counted writes per document, many documents of a
// collection per command (each carrying the batch id as its marker, or per-event markers where the fold
// was refused: apply-documents.ts, apply-document.ts), then the events' idempotent writes (also many
// per command: run-chains.ts), then the change log entry the other drec processes follow (keyed by the
// batch id, so a re-run writes it once), then the ledger's mark. A failure the database may get over (an outage)
// aborts the batch and leaves its entries pending under the batch id; re-applying the same batch (a
// retry here, or a recovery after a crash) skips what the markers say is done. A write the database
// refuses does not abort it: the writes it accepts stay, the refused one is skipped, and its event is
// settled as rejected (apply/reject.ts) instead of applied, so it never stalls the events after it.
import { planUpdates, type WriteChain } from "../plan/plan-event";
import { creditDigestPulls } from "./credit-tags";
import { runChains } from "./run-chains";
import { step, type IngestDeps } from "../ingest-deps";
import type { StatsChange } from "../../read-model/change-feed";
import { applyDocuments } from "./apply-documents";
import { foldCounted, type EventWrite } from "./fold";
import { markApplied, type ClaimedEvent } from "../ledger/ledger-entries";
import type { MarkedDocument } from "./marker-sweep";
import { rejectEvents } from "./reject";

/** Events applied together under one id. */
export interface Batch {
  id: string;
  events: ClaimedEvent[];
}

/** What a batch changed, per repository, for read models and subscriptions. */
export interface BatchChanges {
  /** Every document a counted write touched: where the marker sweep must look. */
  marked: MarkedDocument[];
  repositories: Map<string, { tags: Set<string>; deleted: boolean }>;
  /** Events settled as rejected (their first refused write's error), not applied. */
  rejected: Map<string, string>;
}

/** Why an event was rejected: the first error the database (or planning) answered for it. */
class Refusals extends Map<string, string> {
  record(eventId: string, what: string, err: unknown) {
    if (this.has(eventId)) return;
    const { message, code } = err as { message?: unknown; code?: unknown };
    this.set(
      eventId,
      `${what}${code === undefined ? "" : ` (code ${String(code)})`}: ${String(message ?? err)}`,
    );
  }
}

// Plans are pure, but an event no plan can handle must not stall the batch either.
function planEvents(batch: Batch, refusals: Refusals): { id: string; chains: WriteChain[] }[] {
  return batch.events.map((c) => {
    try {
      return { id: c.id, chains: planUpdates(c.event, c.receivedAt) };
    } catch (err) {
      refusals.record(c.id, "planning its writes failed", err);
      return { id: c.id, chains: [] };
    }
  });
}

function fold(plans: { id: string; chains: WriteChain[] }[]) {
  return foldCounted(
    plans.flatMap(({ id, chains }) =>
      chains.flat().flatMap((w): EventWrite[] => (w.op === "counted" ? [{ ...w, eventId: id }] : [])),
    ),
  );
}

// One command at a time: the database applies writes one after another anyway (the embedded one through
// its write proxy), and a queue of the applier's writes in front of it would delay the ledger inserts
// that answer registries. Running in order also stops at the first outage, before the retry starts over.
async function countedWrites(
  deps: IngestDeps,
  batch: Batch,
  refusals: Refusals,
  plans: ReturnType<typeof planEvents>,
) {
  const marked: MarkedDocument[] = [];
  for (const { write, result } of await applyDocuments(deps, batch.id, fold(plans))) {
    if (result.markers.length > 0) marked.push({ write, markers: result.markers });
    for (const [eventId, err] of result.refused)
      refusals.record(eventId, `write "${write.name}" refused`, err);
  }
  return marked;
}

function repositoriesOf(batch: Batch): BatchChanges["repositories"] {
  const repositories: BatchChanges["repositories"] = new Map();
  for (const { event } of batch.events) {
    const entry = repositories.get(event.repository) ?? { tags: new Set<string>(), deleted: false };
    for (const tag of event.tag !== undefined ? [event.tag] : (event.credit ?? [])) entry.tags.add(tag);
    if (event.kind === "delete-repository") entry.deleted = true;
    repositories.set(event.repository, entry);
    // A rename: the old name is gone, the new one changed (repositories under them: at the next re-read).
    if (event.rename) {
      repositories.set(event.rename.from, { tags: new Set<string>(), deleted: true });
      repositories.set(event.rename.to, { tags: new Set<string>(), deleted: false });
    }
  }
  return repositories;
}

/** A batch's changed repositories as the change feed and the change log list them. */
export const changeList = (repositories: BatchChanges["repositories"]): StatsChange[] =>
  [...repositories].map(([repository, c]) => ({ repository, tags: [...c.tags], deleted: c.deleted }));

/** The documents a batch's counted writes mark with the batch id (all of them if it ran to the end). */
export const markedBy = (batch: Batch): MarkedDocument[] =>
  fold(planEvents(batch, new Refusals())).map((write) => ({ write, markers: [batch.id] }));

/** Writes a batch's statistics exactly once and settles its events: applied, or rejected. */
export async function applyBatch(deps: IngestDeps, batch: Batch): Promise<BatchChanges> {
  // Before any counted write, and kept in the ledger: a re-applied batch must plan the same tag writes.
  await creditDigestPulls(deps, batch.events);
  const refusals = new Refusals();
  const plans = planEvents(batch, refusals);
  const marked = await countedWrites(deps, batch, refusals, plans);
  // A chain writes one document in order; after a refused write its later writes (which build on it)
  // are skipped, and the event is rejected. Outages abort the batch.
  await runChains(deps, plans, (eventId, what, err) => refusals.record(eventId, what, err));
  // Rejected first: a crash in between leaves only accepted events pending, whose re-application skips
  // everything (every one of their writes is done and marked).
  if (refusals.size > 0)
    await rejectEvents(
      deps,
      batch.events.filter((c) => refusals.has(c.id)),
      refusals,
    );
  const repositories = repositoriesOf(batch);
  // Before the mark: a crash in between leaves the events pending, and their recovery writes the entry.
  await step(deps, "change-log", () => deps.changeLog.record(batch.id, changeList(repositories)));
  const applied = batch.events.filter((c) => !refusals.has(c.id)).map((c) => c.id);
  if (applied.length > 0) await markApplied(deps, applied);
  return { marked, repositories, rejected: refusals };
}
