// Harbor's webhooks: the default JSON payload (`type`, `occur_at`, `operator`, `event_data`) and the
// same data inside a CloudEvent (cloudevents.ts). Field names follow Harbor's
// src/pkg/notifier/model/event.go (Payload, EventData, Resource, Repository).
import crypto from "node:crypto";
import { MANIFEST_MEDIA_TYPES } from "./manifest-media-types";
import { objectOf, stringOf, type NormalizedEvent, type NormalizeResult } from "./normalized";

/** Harbor's default event types and the distribution action each becomes; others are ignored. */
export const HARBOR_TYPES: Record<string, "push" | "pull" | "delete"> = {
  PUSH_ARTIFACT: "push",
  PULL_ARTIFACT: "pull",
  DELETE_ARTIFACT: "delete",
};

/**
 * Harbor names no media type. An artifact event is always about a manifest, so it is recorded as an
 * OCI image manifest: every PULL_ARTIFACT counts as a pull (Harbor sends one per artifact pulled).
 */
export const HARBOR_ARTIFACT_MEDIA_TYPE = MANIFEST_MEDIA_TYPES.ociManifest;

const DIGEST_LIKE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** One artifact event of Harbor, whichever format carried it. */
export interface HarborArtifactEvent {
  action: "push" | "pull" | "delete";
  /** RFC 3339 text. */
  timestamp: string;
  operator?: string;
  /** `event_data` (default format) or `data` (CloudEvents). */
  data: unknown;
  /** The id of resource `index` of the event. */
  idOf: (index: number) => string;
  raw: unknown;
}

function repositoryOf(data: Record<string, unknown>): string | undefined {
  const repository = objectOf(data.repository);
  if (!repository) return undefined;
  const full = stringOf(repository.repo_full_name);
  if (full) return full;
  const name = stringOf(repository.name);
  const namespace = stringOf(repository.namespace);
  return name && namespace ? `${namespace}/${name}` : undefined;
}

/** The distribution events of one Harbor artifact event: one per resource. */
export function harborArtifactEvents(harbor: HarborArtifactEvent): NormalizedEvent[] {
  const reject = (reason: string): NormalizedEvent[] => [{ kind: "reject", reason, raw: harbor.raw }];
  const data = objectOf(harbor.data);
  if (!data) return reject("Harbor event data must be a JSON object");
  const repository = repositoryOf(data);
  if (repository === undefined) return reject("missing event_data.repository.repo_full_name");
  if (!Array.isArray(data.resources) || data.resources.length === 0)
    return reject("missing event_data.resources");
  if (data.resources.length > 100) return reject("event_data.resources holds more than 100 artifacts");
  return data.resources.map((item, index): NormalizedEvent => {
    const resource = objectOf(item);
    if (!resource)
      return { kind: "reject", reason: `event_data.resources[${index}] must be an object`, raw: harbor.raw };
    const digest = stringOf(resource.digest);
    const named = stringOf(resource.tag);
    // A pull by digest names the digest as its tag: it is a digest pull, with no tag.
    const tag = named !== undefined && (named === digest || DIGEST_LIKE.test(named)) ? undefined : named;
    const target: Record<string, unknown> = {
      mediaType: HARBOR_ARTIFACT_MEDIA_TYPE,
      digest: digest ?? (named !== undefined && tag === undefined ? named : undefined),
      repository,
      // A deleted artifact goes with all its tags: a digest delete, unless Harbor named no digest.
      tag: harbor.action === "delete" && digest !== undefined ? undefined : tag,
      url: stringOf(resource.resource_url),
    };
    return {
      kind: "event",
      raw: harbor.raw,
      event: {
        id: harbor.idOf(index),
        timestamp: harbor.timestamp,
        action: harbor.action,
        target,
        request: { method: harbor.action === "pull" ? "GET" : undefined },
        actor: { name: harbor.operator },
      },
    };
  });
}

/** `occur_at` (Unix seconds) as RFC 3339, or undefined when it is not a plausible number. */
function occurAt(value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > 8.64e12) return undefined;
  return new Date(value * 1000).toISOString();
}

/**
 * Harbor sends no event id, and its retries repeat the payload byte for byte: the id is a hash of the
 * fields that identify the event, so a retry is a duplicate. Two pulls of one artifact by the same
 * operator within the same second (occur_at has whole seconds) are the same id too: counted once.
 */
export function harborEventId(payload: Record<string, unknown>, index: number): string {
  const data = objectOf(payload.event_data) ?? {};
  const resource = Array.isArray(data.resources) ? objectOf(data.resources[index]) : undefined;
  const identity = [
    payload.type,
    payload.occur_at,
    payload.operator,
    repositoryOf(data),
    resource?.digest,
    resource?.tag,
    index,
  ];
  return `harbor-${crypto.createHash("sha256").update(JSON.stringify(identity)).digest("hex")}`;
}

/** True for a body shaped like Harbor's default payload. */
export function isHarborPayload(body: unknown): boolean {
  const payload = objectOf(body);
  return payload !== undefined && typeof payload.type === "string" && "event_data" in payload;
}

/** Reads a Harbor default-format webhook body. */
export function harborEvents(body: unknown): NormalizeResult {
  const payload = objectOf(body);
  if (!payload || typeof payload.type !== "string")
    return { ok: false, message: 'body must be a Harbor webhook payload: a JSON object with a "type"' };
  const action = HARBOR_TYPES[payload.type];
  if (action === undefined)
    return {
      ok: true,
      events: [{ kind: "ignore", reason: `Harbor event type ${payload.type.slice(0, 64)}` }],
    };
  const timestamp = occurAt(payload.occur_at);
  if (timestamp === undefined)
    return { ok: true, events: [{ kind: "reject", reason: "occur_at must be Unix seconds", raw: body }] };
  const events = harborArtifactEvents({
    action,
    timestamp,
    operator: stringOf(payload.operator),
    data: payload.event_data,
    idOf: (index) => harborEventId(payload, index),
    raw: body,
  });
  return { ok: true, events };
}
