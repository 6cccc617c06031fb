// Test data factories: registry notification events as they arrive on the wire (JSON, not yet validated).
// Defaults look like distribution 2.8.2 output for skopeo copying a one-layer image into team/app.
import { createHash } from "node:crypto";
import assert from "node:assert/strict";
import { parseEvent } from "../../src/ingest/events/event.schema";
import type { RegistryEvent } from "../../src/ingest/events/event.types";

/** A descriptor as listed in `target.references`. */
export interface RawReference {
  mediaType?: string;
  digest?: string;
  size?: number;
}

/** An event as a registry sends it. */
export interface RawEvent {
  id?: string;
  timestamp?: string;
  action?: string;
  target?: {
    mediaType?: string;
    digest?: string;
    size?: number;
    length?: number;
    repository?: string;
    fromRepository?: string;
    url?: string;
    tag?: string;
    references?: RawReference[];
  };
  request?: { id?: string; addr?: string; host?: string; method?: string; useragent?: string };
  actor?: { name?: string };
  source?: { addr?: string; instanceID?: string };
}

/** A body as a registry posts it. */
export interface RawEnvelope {
  events: unknown[];
}

/** Overrides for a builder: nested objects merge, arrays replace, an `undefined` value removes the key. */
export type Overrides<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends readonly unknown[]
    ? T[K]
    : NonNullable<T[K]> extends object
      ? Overrides<NonNullable<T[K]>>
      : T[K];
};

/** `sha256:` and the SHA-256 of `seed`, so digests look real and stay stable between runs. */
export function digestOf(seed: string): string {
  return `sha256:${createHash("sha256").update(seed).digest("hex")}`;
}

let sequence = 0;

/** A fresh event id per call, shaped like the UUIDs distribution sends. */
export function nextEventId(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`;
}

const REGISTRY = "registry.example.com:5000";
const REPOSITORY = "team/app";

// A push by skopeo as alice; `kind` picks the URL path distribution reports for the target.
function baseEvent(kind: "manifests" | "blobs", target: RawEvent["target"] & { digest: string }): RawEvent {
  return {
    id: nextEventId(),
    timestamp: "2026-11-27T01:37:45.028758849Z",
    action: "push",
    target: {
      repository: REPOSITORY,
      url: `https://${REGISTRY}/v2/${REPOSITORY}/${kind}/${target.digest}`,
      ...target,
    },
    request: {
      id: "9d4c3f56-2f4e-4d8b-a5a7-5a1f0c7e6b11",
      addr: "192.0.2.10:50730",
      host: REGISTRY,
      method: "PUT",
      useragent: "skopeo/1.9.3",
    },
    actor: { name: "alice" },
    source: { addr: "registry-0:5000", instanceID: "5be1b0a4-8c83-4a51-9b8e-0d1f4a9a7c21" },
  };
}

/** A tagged OCI image manifest push with references, as distribution 2.8.2 sends it. */
export function buildEvent(overrides: Overrides<RawEvent> = {}): RawEvent {
  const event = baseEvent("manifests", {
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    size: 400,
    digest: digestOf("manifest"),
    length: 400,
    tag: "1.0",
    references: [
      { mediaType: "application/vnd.oci.image.config.v1+json", size: 163, digest: digestOf("config") },
      { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", size: 94, digest: digestOf("layer") },
    ],
  });
  return deepMerge(event, overrides);
}

/** A layer push (`application/octet-stream`, no tag), as distribution 2.8.2 sends it. */
export function buildBlobEvent(overrides: Overrides<RawEvent> = {}): RawEvent {
  const event = baseEvent("blobs", {
    mediaType: "application/octet-stream",
    size: 94,
    digest: digestOf("layer"),
    length: 94,
  });
  return deepMerge(event, overrides);
}

/** A body carrying `events`. */
export function buildEnvelope(events: unknown[]): RawEnvelope {
  return { events };
}

/** A default event with one field, at a dotted path, set to any value (even a wrong type) or removed. */
export function buildEventWith(path: string, value: unknown, base: unknown = buildEvent()): unknown {
  const event: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  const keys = path.split(".");
  let node = event;
  for (const part of keys.slice(0, -1)) {
    if (typeof node[part] !== "object" || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return event;
}

/** The validated event for a raw one; fails the test when the raw event is rejected. */
export function parsed(raw: unknown): RegistryEvent {
  const result = parseEvent(raw);
  assert.ok(result.ok, `event rejected: ${result.ok ? "" : result.reason}`);
  return result.event;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepMerge<T>(base: T, overrides: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[key];
    else if (isPlainObject(value) && isPlainObject(merged[key])) merged[key] = deepMerge(merged[key], value);
    else merged[key] = value;
  }
  return merged as T;
}
