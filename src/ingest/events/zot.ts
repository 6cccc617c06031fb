// zot's events extension (pkg/extensions/events: common.go, events.go): CloudEvents with source
// "zotregistry.dev" and data {name, reference, digest, mediaType, manifest}. zot sends no pulls.
import type { CloudEvent } from "./cloud-event";
import { objectOf, stringOf, type NormalizedEvent } from "./normalized";

/** zot's event types: the distribution action each becomes, or "ignore" (nothing to count). */
export const ZOT_TYPES: Record<string, "push" | "delete" | "ignore"> = {
  "zotregistry.image.updated": "push",
  "zotregistry.image.deleted": "delete",
  // The repository document appears with its first counted push; a creation alone counts nothing.
  "zotregistry.repository.created": "ignore",
  "zotregistry.image.lint_failed": "ignore",
};

/** The distribution event of an image update or delete. */
export function zotEvents(event: CloudEvent, action: "push" | "delete" | "ignore"): NormalizedEvent[] {
  const data = objectOf(event.data);
  if (!data) return [{ kind: "reject", reason: "zot event data must be a JSON object", raw: event.raw }];
  const digest = stringOf(data.digest);
  const reference = stringOf(data.reference);
  // A reference is a tag unless it is the digest (a push or delete by digest).
  const tag = reference !== undefined && !reference.includes(":") ? reference : undefined;
  return [
    {
      kind: "event",
      raw: event.raw,
      event: {
        id: event.id,
        timestamp: event.time,
        action,
        target: { mediaType: stringOf(data.mediaType), digest, repository: data.name, tag },
      },
    },
  ];
}
