// Which tags a GET by digest is a pull of. Pure, so the rule is unit-tested without a database:
// 1. the tag this client (address + user agent) resolved last, if it did so at most CREDIT_WINDOW_MS before
//    the GET and the resolved manifest is the one fetched or an index listing it (containerd: HEAD app:v1,
//    then GET by digest; docker: GET an index by tag, then the platform manifest by digest);
// 2. otherwise every tag that currently points at the digest, or at an index listing it.
// A GET of an index by digest never counts a tag pull (tags count once per platform manifest, like the
// repository), but may carry the client's tag on to the platform manifests it lists.
import { clientId } from "../../store/document-keys";
import type { ClassifiedEvent } from "../events/event.types";
import { coveredDigests, resolvedTag } from "./plan-clients";

/** How long after a client resolves a tag its GETs by digest still count for that tag, ms. */
export const CREDIT_WINDOW_MS = 60_000;

/** A client's newest tag resolution. */
export interface Memory {
  tag: string;
  /** The manifest the tag named, then the manifests its index lists. */
  digests: string[];
  at: Date;
}

/** A GET by digest without a tag, still without a credit decided for it. */
export const needsCredit = (event: ClassifiedEvent): boolean =>
  (event.kind === "pull" || event.kind === "pull-index") &&
  event.tag === undefined &&
  event.digest !== undefined;

/** The key of a client's memory: the same `_id` as its stored document. */
export const memoryKey = (event: ClassifiedEvent): string | undefined =>
  event.client === undefined ? undefined : clientId(event.repository, event.client);

/** The newest (by timestamp) push of a tag earlier in the batch, not applied yet. */
export interface BatchPush {
  /** The pushed manifest, then the manifests its index lists. */
  digests: string[];
  at: Date;
}

/** A pull still to be credited from the tags pointing at its digest. */
export interface OpenPull {
  event: ClassifiedEvent;
  /** Tags pushed earlier in the same batch: their newest push there. */
  pushedInBatch: Map<string, BatchPush>;
}

/** What is applied about a tag pushed in the batch, and about the manifest that push named. */
export interface StoredTag {
  lastPushedAt?: Date;
  deletedAt?: Date;
  /** The newest delete of the manifest the batch's push named (a push before it is deleted with it). */
  digestDeletedAt?: Date;
}

/** What the walk over a batch decided. */
export interface MemoryCredits {
  decided: Map<ClassifiedEvent, string[]>;
  open: OpenPull[];
}

function fromMemory(memory: Memory | undefined, event: ClassifiedEvent): string[] | undefined {
  if (!memory || event.digest === undefined) return undefined;
  const age = event.timestamp.getTime() - memory.at.getTime();
  if (age < 0 || age > CREDIT_WINDOW_MS || !memory.digests.includes(event.digest)) return undefined;
  return [memory.tag];
}

function remember(memories: Map<string, Memory>, event: ClassifiedEvent): void {
  const key = memoryKey(event);
  const tag = resolvedTag(event);
  if (key === undefined || tag === undefined || event.digest === undefined) return;
  const known = memories.get(key);
  // Newest by timestamp, as the stored document keeps it.
  if (known && known.at > event.timestamp) return;
  memories.set(key, { tag, digests: coveredDigests(event), at: event.timestamp });
}

/**
 * Walks a batch's events in order: credits GETs by digest from their client's memory (stored memories,
 * updated by the batch's own HEADs and GETs as it goes). Index GETs not credited get no tag; image
 * manifest GETs not credited are left open for the current-tags rule.
 */
export function creditFromMemory(events: ClassifiedEvent[], memories: Map<string, Memory>): MemoryCredits {
  const decided = new Map<ClassifiedEvent, string[]>();
  const open: OpenPull[] = [];
  const pushed = new Map<string, Map<string, BatchPush>>();
  for (const event of events) {
    if (needsCredit(event) && event.credit === undefined) {
      const key = memoryKey(event);
      const credit = fromMemory(key === undefined ? undefined : memories.get(key), event);
      if (credit !== undefined || event.kind === "pull-index") decided.set(event, credit ?? []);
      else open.push({ event, pushedInBatch: new Map(pushed.get(event.repository)) });
    }
    const withCredit = decided.has(event) ? { ...event, credit: decided.get(event) } : event;
    remember(memories, withCredit);
    if (event.kind === "push" && event.tag !== undefined && event.digest !== undefined) {
      const tags = pushed.get(event.repository) ?? new Map<string, BatchPush>();
      // Newest by timestamp, as the tag's current digest is (a later equal timestamp wins, like $lte).
      const known = tags.get(event.tag);
      if (!known || known.at <= event.timestamp)
        tags.set(event.tag, { digests: coveredDigests(event), at: event.timestamp });
      pushed.set(event.repository, tags);
    }
  }
  return { decided, open };
}

/**
 * The current-tags rule for one open pull: `stored` are the applied tags pointing at the digest or at an
 * index listing it; `storedTags` what is applied about the tags pushed earlier in the batch. Such a push
 * moves its tag only as it will once applied: if it is the tag's newest push (by timestamp), and the tag
 * is deleted if a delete of the tag or of that manifest is not older. Letting every push earlier in the
 * batch override, whatever its timestamp, made the credit depend on where batches happened to split.
 */
export function creditCurrentTags(
  pull: OpenPull,
  stored: string[],
  storedTags: Map<string, StoredTag>,
): string[] {
  const digest = pull.event.digest ?? "";
  const tags = new Set(stored);
  for (const [tag, push] of pull.pushedInBatch) {
    const applied = storedTags.get(tag) ?? {};
    if (applied.lastPushedAt !== undefined && applied.lastPushedAt > push.at) continue;
    tags.delete(tag);
    const deleted = [applied.deletedAt, applied.digestDeletedAt].some(
      (at) => at !== undefined && at >= push.at,
    );
    if (push.digests.includes(digest) && !deleted) tags.add(tag);
  }
  return [...tags].sort();
}
