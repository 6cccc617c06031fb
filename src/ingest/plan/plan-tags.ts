// Tag chains. Tags converge whatever the delivery order: the current digest is the newest push's, and
// `deleted` compares the newest delete (deletedAt) with the newest push (lastPushedAt).
import type { ClassifiedEvent } from "../events/event.types";
import { emptyArrays } from "../../store/backend-quirks";
import { automatedInc, definedOnly, movesLastPulled, type WriteChain } from "./plan-types";

/** A tagged push: counts, then the current digest and the deleted flag, conditioned on timestamps. */
export function tagPushChain(event: ClassifiedEvent): WriteChain {
  if (event.tag === undefined) return [];
  const { repository, tag, timestamp: at } = event;
  const key = { repository, tag };
  const chain: WriteChain = [
    {
      op: "counted",
      name: "tag",
      target: "tags",
      key,
      update: {
        $inc: { pushCount: 1 },
        $setOnInsert: { pullCount: 0, deleted: false },
        $max: { lastPushedAt: at },
      },
    },
  ];
  if (event.digest === undefined) return chain;
  return [
    ...chain,
    // Only the newest push (by timestamp) names the current digest, whatever the delivery order.
    {
      op: "update",
      name: "tag.current",
      target: "tags",
      key,
      filter: { lastPushedAt: { $lte: at } },
      update: { $set: definedOnly({ digest: event.digest, mediaType: event.mediaType }) },
    },
    // A push newer than every delete brings the tag back.
    {
      op: "update",
      name: "tag.undelete",
      target: "tags",
      key,
      filter: { deletedAt: { $not: { $gte: at } } },
      update: { $set: { deleted: false } },
    },
    { op: "inherit-digest-delete", name: "tag.digest-deleted", repository, tag, digest: event.digest, at },
  ];
}

/**
 * A GET of an image manifest: the tag it named, or the tags a GET by digest was credited to. Counted
 * writes, so the batch markers keep them exactly-once; the credit itself is fixed in the ledger entry.
 */
export function tagPullChains(event: ClassifiedEvent): WriteChain[] {
  const tags = event.tag !== undefined ? [event.tag] : (event.credit ?? []);
  const update = {
    $inc: { pullCount: 1, ...automatedInc(event) },
    $setOnInsert: { pushCount: 0, deleted: false },
    ...(movesLastPulled(event) ? { $max: { lastPulledAt: event.timestamp } } : {}),
  };
  return tags.map((tag) => [
    { op: "counted", name: "tag", target: "tags", key: { repository: event.repository, tag }, update },
  ]);
}

/** A tag delete: never changes counts. */
export function deleteTagChain(event: ClassifiedEvent): WriteChain {
  const key = { repository: event.repository, tag: event.tag };
  const at = event.timestamp;
  return [
    // Kept even for a tag not seen yet, so an older push delivered later does not bring it back.
    {
      op: "upsert",
      name: "tag.delete",
      target: "tags",
      key,
      update: {
        $max: { deletedAt: at },
        $setOnInsert: { pushCount: 0, pullCount: 0, deleted: false },
        $addToSet: emptyArrays("inflight"),
      },
    },
    {
      op: "update",
      name: "tag.deleted",
      target: "tags",
      key,
      filter: { lastPushedAt: { $not: { $gt: at } } },
      update: { $set: { deleted: true } },
    },
  ];
}
