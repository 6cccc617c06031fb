// Applies a claimed event: every chain of writes (with the event's marker on counted writes), then the
// ledger's applied mark, and only then (in the background) the marker removal. A failure anywhere leaves
// the ledger pending, so a redelivery or the startup recovery finishes the event; the markers make the
// counted writes that already happened no-ops.
import type { ClassifiedEvent } from "../event.types";
import type { IngestDeps } from "../ingest-deps";
import { step } from "../ingest-deps";
import { markApplied, releaseClaim, type ClaimedEvent } from "./claim-event";
import { clearMarkers } from "./clear-markers";
import { markedDocuments, planUpdates, type WriteChain } from "./plan-updates";
import { runWrite } from "./run-write";

async function runChain(deps: IngestDeps, eventId: string, chain: WriteChain): Promise<void> {
  for (const write of chain) await step(deps, write.name, () => runWrite(deps, eventId, write));
}

// allSettled rather than all: a failed chain must not leave the others writing while a redelivery
// already starts over.
async function runChains(deps: IngestDeps, eventId: string, chains: WriteChain[]): Promise<void> {
  const results = await Promise.allSettled(chains.map((chain) => runChain(deps, eventId, chain)));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

/**
 * Writes a claimed event's statistics exactly once and marks it applied; then notifies subscribers.
 * The caller holds the repository's lock.
 */
export async function applyEvent(deps: IngestDeps, claimed: ClaimedEvent): Promise<void> {
  const { id, event } = claimed;
  const chains = planUpdates(event, claimed.receivedAt);
  try {
    await runChains(deps, id, chains);
    await markApplied(deps, id);
  } catch (err) {
    await releaseClaim(deps, id).catch(() => undefined);
    throw err;
  }
  scheduleMarkerRemoval(deps, id, event, chains);
  deps.updates.publish("REPOSITORY_UPDATED", event.repository);
}

/**
 * Removes the event's markers after answering. Also called for a redelivery of an applied event: the
 * first attempt may have died between the applied mark and this removal.
 */
export function scheduleMarkerRemoval(
  deps: IngestDeps,
  id: string,
  event: ClassifiedEvent,
  chains = planUpdates(event, new Date()),
): void {
  const marked = markedDocuments(chains);
  if (marked.length === 0) return;
  deps.background.run(
    () => deps.lock.run(event.repository, () => clearMarkers(deps, id, marked)),
    (err) =>
      deps.log.warn({ err, eventId: id }, "could not remove in-flight markers; the startup sweep will"),
  );
}
