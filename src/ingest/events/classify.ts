// The counting rules: what one validated event does to the statistics. Pure, so every rule is unit-tested
// without a database. Docker Hub's definition of a pull: manifest GETs count, HEAD version checks do not,
// a multi-arch pull counts once (for the platform manifest, not the index).
import type { ClassifiedEvent, EventKind, RegistryEvent } from "./event.types";
import { quote } from "./event.schema";
import { isIndex, isManifest, isSchema1 } from "./manifest-media-types";

type Verdict = { kind: EventKind; reason?: string };

const ignored = (reason: string): Verdict => ({ kind: "ignored", reason });

function classifyPush({ target }: RegistryEvent): Verdict {
  if (!isManifest(target.mediaType)) return ignored(blobReason(target.mediaType));
  // Registries before 2.4 never sent tags, so a schema1 push is always the image's push.
  if (target.tag !== undefined || isSchema1(target.mediaType)) return { kind: "push" };
  return { kind: "push-untagged" };
}

function classifyPull({ target, request }: RegistryEvent): Verdict {
  if (!isManifest(target.mediaType)) return ignored(blobReason(target.mediaType));
  const method = request?.method ?? "GET"; // old registries send no method; their pulls are downloads
  if (method === "HEAD") return { kind: "check" };
  if (method !== "GET") return ignored(`a pull with method ${quote(method)} is not a download`);
  return { kind: isIndex(target.mediaType) ? "pull-index" : "pull" };
}

function classifyDelete({ target }: RegistryEvent): Verdict {
  // 2.8.2 sends deletes without a media type; one that names a blob type is a blob delete.
  if (target.mediaType !== undefined && !isManifest(target.mediaType)) {
    return ignored(blobReason(target.mediaType));
  }
  // A tag, with or without a digest, is the narrower delete: it never takes other tags with it.
  if (target.tag !== undefined) return { kind: "delete-tag" };
  if (target.digest !== undefined) return { kind: "delete-digest" };
  return { kind: "delete-repository" };
}

function blobReason(mediaType: string | undefined): string {
  return mediaType === undefined ? "no media type, so not a manifest" : `blob (${quote(mediaType)})`;
}

function verdictOf(event: RegistryEvent): Verdict {
  switch (event.action) {
    case "push":
      return classifyPush(event);
    case "pull":
      return classifyPull(event);
    case "delete":
      return classifyDelete(event);
    case "mount":
      return ignored("a mount copies a blob between repositories");
    case "rename":
      // GitLab names the move in target.rename; without it there is nothing to move.
      return event.target.rename ? { kind: "rename" } : ignored("a rename without target.rename");
    default:
      return ignored(`unknown action ${quote(event.action)}`);
  }
}

/** What one event means for the statistics, per the counting rules; pure and total. */
export function classify(event: RegistryEvent): ClassifiedEvent {
  const { kind, reason } = verdictOf(event);
  const { target } = event;
  const manifest = kind !== "ignored" && kind !== "delete-repository" && kind !== "rename";
  const classified: ClassifiedEvent = {
    id: event.id,
    kind,
    reason,
    repository: target.repository,
    tag: target.tag,
    digest: target.digest,
    mediaType: target.mediaType,
    actor: event.actor?.name || undefined,
    timestamp: event.timestamp,
    references: manifest ? target.references : undefined,
    method: event.request?.method,
    client: kind === "pull" || kind === "pull-index" || kind === "check" ? clientOf(event) : undefined,
    rename:
      kind === "rename" && target.rename ? { from: target.rename.from, to: target.rename.to } : undefined,
  };
  return withoutUndefined(classified);
}

// The port is dropped: a client may open a new connection between its HEAD and its GETs.
function clientOf({ request }: RegistryEvent): string | undefined {
  if (request?.addr === undefined && request?.useragent === undefined) return undefined;
  return `${hostOf(request.addr ?? "")} ${request.useragent ?? ""}`;
}

// "10.0.0.1:5312" and "[::1]:5312" carry a port; a bare IPv6 address ("::1") has colons but no port.
function hostOf(addr: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(addr);
  if (bracketed) return bracketed[1];
  return addr.split(":").length === 2 ? addr.replace(/:\d*$/, "") : addr;
}

// Absent rather than undefined keys: deep equality in tests, and no nulls written by database drivers.
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
