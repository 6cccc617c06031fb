// Applies one batch of claimed events: first one folded, counted write per document (each carrying the
// batch id as its marker), then the events' idempotent writes, then the ledger's applied mark. A failure
// anywhere leaves the entries pending under the batch id; re-applying the same batch (a retry here, or
// a recovery after a crash) skips every document that already holds the marker.
import { planUpdates, type PlannedWrite, type WriteChain } from "../commands/plan-updates";
import { repositoryOf } from "../commands/address";
import { countedWrite, runWrite, type CountedWrite } from "../commands/run-write";
import { step, type IngestDeps } from "../ingest-deps";
import { foldCounted } from "./fold";
import { markApplied, type ClaimedEvent } from "./ledger";

/** Events applied together under one id. */
export interface Batch {
  id: string;
  events: ClaimedEvent[];
}

/** What a batch changed, per repository, for read models and subscriptions. */
export interface BatchChanges {
  /** Every document a counted write touched: where the marker sweep must look. */
  marked: CountedWrite[];
  repositories: Map<string, { tags: Set<string>; deleted: boolean }>;
}

type Counted = PlannedWrite & { op: "counted" };
type Rest = Exclude<PlannedWrite, { op: "counted" }>;

// allSettled rather than all: a failed write must not leave the others running while a retry starts over.
async function settleAll(tasks: (() => Promise<unknown>)[]): Promise<void> {
  const results = await Promise.allSettled(tasks.map((task) => task()));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

function countedWrites(deps: IngestDeps, batchId: string, writes: CountedWrite[]) {
  return writes.map((write) => () => {
    const run = () => step(deps, write.name, () => countedWrite(deps, batchId, write));
    // The repository document is also written by star mutations (see stats/repository-lock.ts).
    return write.target === "repositories"
      ? deps.lock.run(repositoryOf(write.target, write.key), run)
      : run();
  });
}

async function runChain(deps: IngestDeps, chain: Rest[]): Promise<void> {
  for (const write of chain) await step(deps, write.name, () => runWrite(deps, write));
}

// An event's chains run concurrently (they write different documents); the events of one repository run
// in order, different repositories concurrently.
function remainingWrites(deps: IngestDeps, batch: Batch, plans: WriteChain[][]) {
  const byRepository = new Map<string, Rest[][][]>();
  batch.events.forEach((claimed, i) => {
    const rest = plans[i]
      .map((chain) => chain.filter((w): w is Rest => w.op !== "counted"))
      .filter((c) => c.length);
    if (rest.length === 0) return;
    const list = byRepository.get(claimed.event.repository) ?? [];
    list.push(rest);
    byRepository.set(claimed.event.repository, list);
  });
  return [...byRepository.values()].map((events) => async () => {
    for (const chains of events) await settleAll(chains.map((chain) => () => runChain(deps, chain)));
  });
}

function changesOf(batch: Batch, marked: CountedWrite[]): BatchChanges {
  const repositories: BatchChanges["repositories"] = new Map();
  for (const { event } of batch.events) {
    const entry = repositories.get(event.repository) ?? { tags: new Set<string>(), deleted: false };
    if (event.tag !== undefined) entry.tags.add(event.tag);
    if (event.kind === "delete-repository") entry.deleted = true;
    repositories.set(event.repository, entry);
  }
  return { marked, repositories };
}

const planBatch = (batch: Batch) => batch.events.map((c) => planUpdates(c.event, c.receivedAt));
const foldPlans = (plans: WriteChain[][]) =>
  foldCounted(plans.flat(2).filter((w): w is Counted => w.op === "counted"));

/** The documents a batch's counted writes mark (all of them if it ran to the end). */
export const markedBy = (batch: Batch): CountedWrite[] => foldPlans(planBatch(batch));

/** Writes a batch's statistics exactly once and marks its events applied. */
export async function applyBatch(deps: IngestDeps, batch: Batch): Promise<BatchChanges> {
  const plans = planBatch(batch);
  const folded = foldPlans(plans);
  await settleAll(countedWrites(deps, batch.id, folded));
  await settleAll(remainingWrites(deps, batch, plans));
  await markApplied(
    deps,
    batch.events.map((claimed) => claimed.id),
  );
  return changesOf(batch, folded);
}
