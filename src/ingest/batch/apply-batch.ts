// Applies one batch of claimed events: first one folded, counted write per document (each carrying the
// batch id as its marker), then the events' idempotent writes, then the ledger's applied mark. A failure
// anywhere leaves the entries pending under the batch id; re-applying the same batch (a retry here, or
// a recovery after a crash) skips every document that already holds the marker.
import { planUpdates, type PlannedWrite, type WriteChain } from "../commands/plan-updates";
import { repositoryOf } from "../commands/address";
import { creditDigestPulls } from "../commands/credit-tags";
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

// One write at a time: the database applies writes one after another anyway (the embedded one through its
// write proxy), and a queue of the applier's writes in front of it would delay the ledger inserts that
// answer registries. Running in order also stops at the first failure, before the retry starts over.
async function oneByOne(tasks: (() => Promise<unknown>)[]): Promise<void> {
  for (const task of tasks) await task();
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

// Per event, its chains in plan order; events in the order they arrived.
function remainingWrites(deps: IngestDeps, plans: WriteChain[][]) {
  return plans
    .flat()
    .map((chain) => chain.filter((w): w is Rest => w.op !== "counted"))
    .filter((chain) => chain.length > 0)
    .map((chain) => () => runChain(deps, chain));
}

function changesOf(batch: Batch, marked: CountedWrite[]): BatchChanges {
  const repositories: BatchChanges["repositories"] = new Map();
  for (const { event } of batch.events) {
    const entry = repositories.get(event.repository) ?? { tags: new Set<string>(), deleted: false };
    for (const tag of event.tag !== undefined ? [event.tag] : (event.credit ?? [])) entry.tags.add(tag);
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
  // Before any counted write, and kept in the ledger: a re-applied batch must plan the same tag writes.
  await creditDigestPulls(deps, batch.events);
  const plans = planBatch(batch);
  const folded = foldPlans(plans);
  await oneByOne(countedWrites(deps, batch.id, folded));
  await oneByOne(remainingWrites(deps, plans));
  await markApplied(
    deps,
    batch.events.map((claimed) => claimed.id),
  );
  return changesOf(batch, folded);
}
