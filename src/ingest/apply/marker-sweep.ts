// Markers are only needed until the batch's ledger entries say applied. Removing them costs a write per
// document, so the applier collects them and removes all of a document's markers with one `$pullAll`
// when it is idle, or every few seconds under load, instead of once per batch; the `$pullAll`s of one
// collection go out as multi-statement commands.
import { address, repositoryOf } from "../../store/document-filter";
import { pullAll } from "../../store/backend-quirks";
import { modelOf, type CountedWrite } from "./run-write";
import { inCommands, updateStatements } from "../../store/bulk-update";
import type { Target } from "../plan/plan-types";
import { lockRepositories } from "./lock-repositories";
import type { IngestDeps } from "../ingest-deps";

/** A document a batch's counted writes marked, with the markers to remove once the batch is settled. */
export interface MarkedDocument {
  write: CountedWrite;
  markers: string[];
}

/** Markers of applied batches, waiting to be removed. */
export class MarkerSweep {
  private readonly documents = new Map<string, MarkedDocument>();
  // Abandoned batches: their markers go once the ledger shows none of their events pending.
  private unconfirmed: { eventIds: string[]; marked: MarkedDocument[] }[] = [];

  /** Documents waiting for a sweep. */
  get size(): number {
    return this.documents.size;
  }

  /** Records the documents a settled batch marked (with the batch id, or per-event markers). */
  add(marked: MarkedDocument[]): void {
    for (const { write, markers } of marked) {
      const id = `${write.target}\n${JSON.stringify(write.key)}`;
      const doc = this.documents.get(id);
      if (doc) doc.markers.push(...markers);
      else this.documents.set(id, { write, markers: [...markers] });
    }
  }

  /** Records an abandoned batch, whose events a redelivery or recovery may or may not have finished. */
  addUnconfirmed(eventIds: string[], marked: MarkedDocument[]): void {
    this.unconfirmed.push({ eventIds, marked });
  }

  /** Removes every recorded marker; a failure keeps the rest for the next sweep (or the startup sweep). */
  async flush(deps: IngestDeps): Promise<void> {
    await this.confirm(deps);
    const byTarget = new Map<Target, MarkedDocument[]>();
    for (const doc of this.documents.values())
      byTarget.set(doc.write.target, [...(byTarget.get(doc.write.target) ?? []), doc]);
    this.documents.clear();
    for (const [target, documents] of byTarget)
      for (const command of inCommands(documents)) await this.clear(deps, target, command);
  }

  // Unconfirmed batches whose events are all applied now (a redelivery found them done) become sweepable.
  private async confirm(deps: IngestDeps): Promise<void> {
    const waiting = this.unconfirmed;
    this.unconfirmed = [];
    for (const batch of waiting) {
      const pending = await deps.models.events.exists({ _id: { $in: batch.eventIds }, state: "pending" });
      if (pending) this.unconfirmed.push(batch);
      else this.add(batch.marked);
    }
  }

  /** Abandoned batches not yet confirmed applied. */
  get unconfirmedCount(): number {
    return this.unconfirmed.length;
  }

  // One command per collection and run of documents (store/bulk-update.ts); running it twice is harmless.
  private async clear(deps: IngestDeps, target: Target, documents: MarkedDocument[]): Promise<void> {
    const statements = documents.map(({ write, markers }) => ({
      filter: address(deps.repositoryIds, target, write.key),
      update: pullAll("inflight", markers),
      upsert: false,
    }));
    const run = () => updateStatements(modelOf(deps, target) as never, statements);
    try {
      if (target === "repositories")
        await lockRepositories(
          deps.lock,
          documents.map(({ write }) => repositoryOf(target, write.key)),
          run,
        );
      else await run();
    } catch (err) {
      deps.log.warn(
        { err, target, documents: documents.length },
        "could not remove batch markers; the startup sweep will",
      );
    }
  }
}
