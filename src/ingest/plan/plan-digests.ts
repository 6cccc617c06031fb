// Digest (manifest) chains: a record per pushed manifest, tagged or not, with its pulls and deletes.
import type { ClassifiedEvent } from "../events/event.types";
import { emptyArrays } from "../../store/backend-quirks";
import { automatedInc, movesLastPulled, type Doc, type WriteChain } from "./plan-types";

/** Manifests are content-addressed: a digest's media type and references never change, so $set is safe. */
export function manifestFacts(event: ClassifiedEvent): { $set: Doc; $addToSet: Doc } {
  const $set: Doc = event.mediaType === undefined ? {} : { mediaType: event.mediaType };
  if (event.references !== undefined) $set.references = event.references;
  const $addToSet = emptyArrays(...(event.references === undefined ? ["references"] : []));
  return { $set, $addToSet };
}

/** Any manifest push: media type, references, first push time and pusher, last push time. */
export function digestPushChain(event: ClassifiedEvent): WriteChain {
  if (event.digest === undefined) return [];
  const { repository, digest, timestamp: at } = event;
  const key = { repository, digest };
  const { $set, $addToSet } = manifestFacts(event);
  const update = {
    ...(Object.keys($set).length > 0 ? { $set } : {}),
    $min: { pushedAt: at },
    $max: { lastPushedAt: at },
    $setOnInsert: { pullCount: 0, deleted: false },
    $addToSet: { ...$addToSet, ...emptyArrays("inflight") },
  };
  return [
    { op: "upsert", name: "digest", target: "digests", key, update },
    // The pusher is the actor of the first push, whichever arrives first.
    {
      op: "update",
      name: "digest.pusher",
      target: "digests",
      key,
      filter: { pushedAt: { $gte: at } },
      update: event.actor ? { $set: { pusher: event.actor } } : { $unset: { pusher: "" } },
    },
    {
      op: "update",
      name: "digest.undelete",
      target: "digests",
      key,
      filter: { deletedAt: { $not: { $gte: at } } },
      update: { $set: { deleted: false } },
    },
  ];
}

/** Any manifest GET. */
export function digestPullChain(event: ClassifiedEvent): WriteChain {
  if (event.digest === undefined) return [];
  const { $set, $addToSet } = manifestFacts(event);
  const $max: Doc = movesLastPulled(event) ? { lastPulledAt: event.timestamp } : {};
  // Kept apart so a cleanup report can choose whether automated pulls count as use.
  if (event.automated !== undefined) $max.lastAutomatedPulledAt = event.timestamp;
  const update = {
    $inc: { pullCount: 1, ...automatedInc(event) },
    ...(Object.keys($max).length > 0 ? { $max } : {}),
    $setOnInsert: { deleted: false },
    ...(Object.keys($set).length > 0 ? { $set } : {}),
    $addToSet,
  };
  return [
    {
      op: "counted",
      name: "digest",
      target: "digests",
      key: { repository: event.repository, digest: event.digest },
      update,
    },
  ];
}

/** A manifest delete: the digest, then every tag whose newest push named it (never counts). */
export function deleteDigestChain(event: ClassifiedEvent): WriteChain {
  const { repository, digest, timestamp: at } = event;
  const key = { repository, digest };
  return [
    {
      op: "upsert",
      name: "digest.delete",
      target: "digests",
      key,
      update: {
        $max: { deletedAt: at },
        $setOnInsert: { pullCount: 0, deleted: false },
        $addToSet: emptyArrays("references", "inflight"),
      },
    },
    {
      op: "update",
      name: "digest.deleted",
      target: "digests",
      key,
      filter: { lastPushedAt: { $not: { $gt: at } } },
      update: { $set: { deleted: true } },
    },
    // After the digest's write: see inherit-digest-delete.
    {
      op: "update-many",
      name: "tags.deleted",
      target: "tags",
      filter: { repository, digest, lastPushedAt: { $lte: at } },
      update: { $set: { deleted: true }, $max: { deletedAt: at } },
    },
  ];
}
