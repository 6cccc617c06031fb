// Credits GETs by digest to tags when their batch is applied, before its first counted write: reads the
// client memories and the current tags, decides (credit-rule.ts), and keeps the decision in each event's
// ledger entry. A re-applied batch (a retry, or a recovery after a crash) reads the kept decision back
// instead of deciding again, so the counted tag writes it plans are the same ones the batch markers
// already protect: a tag is credited once, and never a different tag on the second attempt.
import type { ClientDoc } from "../../store/models/client.model";
import { digestId, tagId } from "../../store/document-keys";
import type { ClassifiedEvent } from "../events/event.types";
import { step, type IngestDeps } from "../ingest-deps";
import {
  creditCurrentTags,
  creditFromMemory,
  memoryKey,
  needsCredit,
  type Memory,
  type OpenPull,
  type StoredTag,
} from "../plan/credit-rule";

/** An event of a batch, by its ledger id. */
export interface CreditedEvent {
  id: string;
  event: ClassifiedEvent;
}

async function storedMemories(deps: IngestDeps, events: ClassifiedEvent[]): Promise<Map<string, Memory>> {
  const ids = [...new Set(events.filter(needsCredit).map(memoryKey))].filter((k) => k !== undefined);
  const memories = new Map<string, Memory>();
  if (ids.length === 0) return memories;
  const docs = await deps.models.clients.find({ _id: { $in: ids } }).lean<ClientDoc[]>();
  for (const doc of docs) {
    if (doc.tag !== undefined)
      memories.set(doc._id, { tag: doc.tag, digests: doc.digests, at: doc.resolvedAt });
  }
  return memories;
}

/** Per repository: digest -> names of the tags not deleted that point at it or at an index listing it. */
type PointingTags = Map<string, Map<string, Set<string>>>;

// Tags not deleted that point at one of `digests` or at an index listing one, for every repository of
// the batch at once: these filters are not on `_id`, so the embedded database scans for each query (store/backend-quirks.ts), and
// two queries per batch cost far less than two per repository.
async function currentTags(deps: IngestDeps, wanted: Map<string, string[]>): Promise<PointingTags> {
  const { tags, digests: manifests } = deps.models;
  const repositories = [...wanted.keys()];
  const allDigests = [...new Set([...wanted.values()].flat())];
  const indexes = (
    await manifests
      .find(
        {
          repository: { $in: repositories },
          "references.digest": { $in: allDigests },
          deleted: { $ne: true },
        },
        { repository: 1, digest: 1, references: 1 },
      )
      .lean()
  ).filter((index) => index.references.some((ref) => wanted.get(index.repository)?.includes(ref.digest)));
  const pointed = [...allDigests, ...indexes.map((index) => index.digest)];
  const found = await tags
    .find(
      { repository: { $in: repositories }, digest: { $in: pointed }, deleted: false },
      { repository: 1, tag: 1, digest: 1 },
    )
    .lean();
  const result: PointingTags = new Map();
  const add = (repository: string, digest: string, tag: string) => {
    const byDigest = result.get(repository) ?? new Map<string, Set<string>>();
    byDigest.set(digest, (byDigest.get(digest) ?? new Set()).add(tag));
    result.set(repository, byDigest);
  };
  for (const tag of found) {
    const digests = wanted.get(tag.repository) ?? [];
    if (tag.digest === undefined) continue;
    if (digests.includes(tag.digest)) add(tag.repository, tag.digest, tag.tag);
    for (const index of indexes) {
      if (index.repository !== tag.repository || index.digest !== tag.digest) continue;
      for (const ref of index.references)
        if (digests.includes(ref.digest)) add(tag.repository, ref.digest, tag.tag);
    }
  }
  return result;
}

// What is applied about the tags the batch pushes before its open pulls: their newest push and delete,
// and the newest delete of each manifest pushed (none of the batch's pushes is applied yet).
async function storedTags(
  deps: IngestDeps,
  repository: string,
  pulls: OpenPull[],
): Promise<(pull: OpenPull) => Map<string, StoredTag>> {
  const pushes = pulls.flatMap((pull) => [...pull.pushedInBatch]);
  const byTag = new Map<string, StoredTag>();
  if (pushes.length === 0) return () => new Map();
  const names = [...new Set(pushes.map(([tag]) => tag))];
  const manifests = [...new Set(pushes.map(([, push]) => push.digests[0]))];
  // By `_id`, answered from an index on every backend (store/backend-quirks.ts).
  const tags = await deps.models.tags
    .find(
      { _id: { $in: names.map((name) => tagId(repository, name)) } },
      { tag: 1, lastPushedAt: 1, deletedAt: 1 },
    )
    .lean();
  for (const tag of tags) byTag.set(tag.tag, { lastPushedAt: tag.lastPushedAt, deletedAt: tag.deletedAt });
  const deletes = await deps.models.digests
    .find(
      { _id: { $in: manifests.map((digest) => digestId(repository, digest)) }, deletedAt: { $exists: true } },
      { digest: 1, deletedAt: 1 },
    )
    .lean();
  const deletedAt = new Map(deletes.map((d) => [d.digest, d.deletedAt]));
  return (pull: OpenPull) =>
    new Map(
      [...pull.pushedInBatch].map(([tag, push]) => [
        tag,
        { ...byTag.get(tag), digestDeletedAt: deletedAt.get(push.digests[0]) },
      ]),
    );
}

async function creditOpen(deps: IngestDeps, open: OpenPull[], decided: Map<ClassifiedEvent, string[]>) {
  const byRepository = new Map<string, OpenPull[]>();
  for (const pull of open)
    byRepository.set(pull.event.repository, [...(byRepository.get(pull.event.repository) ?? []), pull]);
  const wanted = new Map(
    [...byRepository].map(([repository, pulls]) => [
      repository,
      [...new Set(pulls.map((p) => p.event.digest ?? ""))],
    ]),
  );
  const tags = await currentTags(deps, wanted);
  for (const [repository, pulls] of byRepository) {
    const applied = await storedTags(deps, repository, pulls);
    for (const pull of pulls) {
      const pointing = [...(tags.get(repository)?.get(pull.event.digest ?? "") ?? [])];
      decided.set(pull.event, creditCurrentTags(pull, pointing, applied(pull)));
    }
  }
}

// One ledger write per distinct decision; an entry that has one already keeps it (first decision wins).
async function keep(deps: IngestDeps, events: CreditedEvent[], decided: Map<ClassifiedEvent, string[]>) {
  const groups = new Map<string, { credit: string[]; items: CreditedEvent[] }>();
  for (const item of events) {
    const credit = decided.get(item.event);
    if (credit === undefined) continue;
    const key = JSON.stringify(credit);
    const group = groups.get(key) ?? { credit, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  for (const { credit, items } of groups.values()) {
    const ids = items.map((item) => item.id);
    const result = await step(deps, "ledger.credit", () =>
      deps.models.events.updateMany({ _id: { $in: ids }, credit: { $exists: false } }, { $set: { credit } }),
    );
    if (result.modifiedCount === ids.length) {
      for (const item of items) item.event.credit = credit;
      continue;
    }
    const kept = await deps.models.events.find({ _id: { $in: ids } }, { credit: 1 }).lean();
    const byId = new Map(kept.map((entry) => [entry._id, entry.credit]));
    for (const item of items) item.event.credit = byId.get(item.id) ?? credit;
  }
}

/** Decides and keeps the credited tags of a batch's GETs by digest; sets `credit` on those events. */
export async function creditDigestPulls(deps: IngestDeps, events: CreditedEvent[]): Promise<void> {
  const classified = events.map((item) => item.event);
  if (!classified.some((event) => needsCredit(event) && event.credit === undefined)) return;
  const { decided, open } = creditFromMemory(classified, await storedMemories(deps, classified));
  await creditOpen(deps, open, decided);
  await keep(deps, events, decided);
}
