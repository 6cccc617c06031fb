// The client memory: which tag a client just resolved in a repository, so that the GETs by digest that
// follow (containerd resolves a tag with a HEAD, then fetches by digest) are credited to that tag.
import type { ClassifiedEvent } from "../events/event.types";
import type { WriteChain } from "./plan-types";

/**
 * The tag a HEAD or GET resolved for its client, if it names one: the event's own tag, or the single tag
 * a GET of an index by digest was credited to (its references then extend what the tag covers).
 */
export function resolvedTag(event: ClassifiedEvent): string | undefined {
  // A GET of an image manifest is the end of a pull: nothing follows it that the tag could be credited to.
  if (event.kind !== "check" && event.kind !== "pull-index") return undefined;
  if (event.tag !== undefined) return event.tag;
  return event.kind === "pull-index" && event.credit?.length === 1 ? event.credit[0] : undefined;
}

/** The digests a resolution covers: the manifest itself, then the manifests an index references. */
export const coveredDigests = (event: ClassifiedEvent): string[] =>
  event.digest === undefined ? [] : [event.digest, ...(event.references ?? []).map((r) => r.digest)];

/** Remembers the newest (by timestamp) tag resolution of the event's client; idempotent. */
export function clientChain(event: ClassifiedEvent): WriteChain {
  const tag = resolvedTag(event);
  if (event.client === undefined || tag === undefined || event.digest === undefined) return [];
  const key = { repository: event.repository, client: event.client };
  const at = event.timestamp;
  return [
    { op: "upsert", name: "client", target: "clients", key, update: { $max: { resolvedAt: at } } },
    {
      op: "update",
      name: "client.tag",
      target: "clients",
      key,
      filter: { resolvedAt: { $lte: at } },
      update: { $set: { tag, digests: coveredDigests(event) } },
    },
  ];
}
