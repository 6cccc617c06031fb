// Seeded generators of garbage and near-valid notification bodies. Pure: the same seed gives the same
// inputs, so a failure is replayed from its seed. Everything produced is a JSON value, ready to be posted.

import { mulberry32, type Rng } from "./seeded-random";

export { mulberry32, type Rng };

/** An integer in [0, maxExclusive). */
export function randomInt(rng: Rng, maxExclusive: number): number {
  return Math.floor(rng() * maxExclusive);
}

/** One of `items`, uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[randomInt(rng, items.length)];
}

const ODD_CHARS = ["a", "Z", "/", "-", "_", ".", ":", " ", "\u0000", "\n", "é", "😀", "\u202e", '"', "\\"];

/** A string that is long, odd or both, to probe limits, escaping and unicode handling. */
export function randomString(rng: Rng): string {
  const length = pick(rng, [0, 1, 8, 64, 128, 255, 256, 1000, 20_000]);
  const filler = pick(rng, ODD_CHARS);
  if (length > 256) return filler.repeat(length);
  let text = "";
  for (let i = 0; i < length; i += 1) text += rng() < 0.8 ? filler : pick(rng, ODD_CHARS);
  return text;
}

const NUMBERS = [0, -0, 1, -1, 0.5, 400, 2 ** 53 + 2, -(2 ** 31), 1e308, 1700000000];

/** Any JSON value, nested at most `depth` levels. */
export function randomJson(rng: Rng, depth = 3): unknown {
  const choice = randomInt(rng, depth > 0 ? 9 : 6);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return rng() < 0.5;
    case 2:
      return pick(rng, NUMBERS);
    case 3:
    case 4:
      return randomString(rng);
    case 5:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    case 6:
      return Array.from({ length: randomInt(rng, 5) }, () => randomJson(rng, depth - 1));
    default:
      return Object.fromEntries(
        Array.from({ length: randomInt(rng, 5) }, () => [pick(rng, JUNK_KEYS), randomJson(rng, depth - 1)]),
      );
  }
}

const JUNK_KEYS = ["events", "id", "target", "action", "timestamp", "tag", "x", "", "__proto__", "length"];

const TIMESTAMPS = [
  "2026-11-27T01:37:44.967630623Z",
  "2026-11-27T03:37:44+02:00",
  "2026-11-27t01:37:44z",
  "2026-11-27T01:37:44",
  "2026-02-30T00:00:00Z",
  "2026-13-01T00:00:00Z",
  "yesterday",
  "",
];
const ACTIONS = ["push", "pull", "delete", "mount", "rename", "PUSH", "", "frobnicate"];
const MEDIA_TYPES = [
  "application/vnd.docker.distribution.manifest.v1+prettyjws",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json; charset=utf-8",
  "APPLICATION/VND.OCI.IMAGE.INDEX.V1+JSON",
  "application/octet-stream",
  "",
];
const REPOSITORIES = ["team/app", "library/nginx", "a", "Team/App", "a//b", "-x", "x".repeat(300)];
const TAGS = ["latest", "1.0", "v1.2.3-rc_1", ".hidden", "a".repeat(129), ""];
const DIGESTS = [`sha256:${"ab".repeat(32)}`, "sha256:0123456789abcdef0", "sha256:", "SHA256:AB", "md5"];
const METHODS = ["GET", "HEAD", "PUT", "DELETE", "get", "", "PATCH"];

/** An event built from plausible and implausible field values; any field may be missing. */
export function randomEvent(rng: Rng): unknown {
  const maybe = <T>(value: T) => (rng() < 0.85 ? value : undefined);
  return {
    id: maybe(pick(rng, ["4f1c-1", "", "x".repeat(300), "e-" + randomInt(rng, 1e6)])),
    timestamp: maybe(pick(rng, TIMESTAMPS)),
    action: maybe(pick(rng, ACTIONS)),
    target: maybe({
      mediaType: maybe(pick(rng, MEDIA_TYPES)),
      digest: maybe(pick(rng, DIGESTS)),
      repository: maybe(pick(rng, REPOSITORIES)),
      tag: maybe(pick(rng, TAGS)),
      size: maybe(pick(rng, NUMBERS)),
      references: maybe([{ digest: pick(rng, DIGESTS), mediaType: pick(rng, MEDIA_TYPES) }]),
      rename: maybe({
        type: "repository",
        from: maybe(pick(rng, REPOSITORIES)),
        to: maybe(pick(rng, REPOSITORIES)),
      }),
    }),
    request: maybe({ method: maybe(pick(rng, METHODS)) }),
    actor: maybe({ name: maybe(pick(rng, ["alice", "", "x".repeat(300)])) }),
  };
}

const HARBOR_TYPES = ["PUSH_ARTIFACT", "PULL_ARTIFACT", "DELETE_ARTIFACT", "SCANNING_FAILED", "", "push"];
const OCCUR_AT: unknown[] = [1796083200, 1796083200.5, -1, 0, 1e308, "1796083200", null];
const CLOUDEVENT_TYPES = [
  "harbor.artifact.pushed",
  "harbor.artifact.pulled",
  "harbor.artifact.deleted",
  "harbor.quota.exceeded",
  "zotregistry.image.updated",
  "zotregistry.image.deleted",
  "zotregistry.repository.created",
  "",
];

/** Harbor's `event_data` (also a Harbor CloudEvent's `data`) from plausible and implausible values. */
function randomHarborData(rng: Rng): unknown {
  const maybe = <T>(value: T) => (rng() < 0.85 ? value : undefined);
  return {
    resources: maybe(
      Array.from({ length: randomInt(rng, 3) }, () => ({
        digest: maybe(pick(rng, DIGESTS)),
        tag: maybe(pick(rng, [...TAGS, ...DIGESTS])),
        resource_url: maybe(randomString(rng)),
      })),
    ),
    repository: maybe({
      name: maybe(pick(rng, REPOSITORIES)),
      namespace: maybe(pick(rng, ["library", "", "A"])),
      repo_full_name: maybe(pick(rng, REPOSITORIES)),
    }),
  };
}

/** A Harbor default-format webhook payload; any field may be missing. */
export function randomHarborPayload(rng: Rng): unknown {
  const maybe = <T>(value: T) => (rng() < 0.85 ? value : undefined);
  return {
    type: maybe(pick(rng, HARBOR_TYPES)),
    occur_at: maybe(pick(rng, OCCUR_AT)),
    operator: maybe(pick(rng, ["admin", "", "robot$ci", "x".repeat(300)])),
    event_data: maybe(randomHarborData(rng)),
  };
}

/** A structured CloudEvent of Harbor's or zot's types (or none); any attribute may be missing. */
export function randomCloudEvent(rng: Rng): unknown {
  const maybe = <T>(value: T) => (rng() < 0.85 ? value : undefined);
  const zotData = {
    name: maybe(pick(rng, REPOSITORIES)),
    reference: maybe(pick(rng, [...TAGS, ...DIGESTS])),
    digest: maybe(pick(rng, DIGESTS)),
    mediaType: maybe(pick(rng, MEDIA_TYPES)),
  };
  return {
    specversion: maybe(pick(rng, ["1.0", "0.3", 1])),
    id: maybe(pick(rng, ["ce-" + randomInt(rng, 1e6), "", "x".repeat(300)])),
    type: maybe(pick(rng, CLOUDEVENT_TYPES)),
    source: maybe("/projects/1/webhook/policies/3"),
    time: maybe(pick(rng, TIMESTAMPS)),
    operator: maybe(pick(rng, ["admin", ""])),
    data: maybe(pick(rng, [randomHarborData(rng), zotData, randomJson(rng, 2)])),
  };
}

/** A random body: sometimes no envelope at all, sometimes an envelope of junk or of plausible events. */
export function randomEnvelope(rng: Rng): unknown {
  switch (randomInt(rng, 4)) {
    case 0:
      return randomJson(rng);
    case 1:
      return { events: randomJson(rng) };
    case 2:
      return { events: Array.from({ length: randomInt(rng, 4) }, () => randomJson(rng, 2)) };
    default:
      return { events: Array.from({ length: 1 + randomInt(rng, 3) }, () => randomEvent(rng)) };
  }
}

type Path = (string | number)[];

/** Every path to a value inside `root`, the root itself included as []. */
function pathsOf(root: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(root)) root.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (typeof root === "object" && root !== null) {
    for (const [key, value] of Object.entries(root)) paths.push(...pathsOf(value, [...prefix, key]));
  }
  return paths;
}

/** Replaces (or, with `remove`, deletes) the value at `path`; returns the new root. */
function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return remove ? null : value;
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === "number") {
    if (remove) parent.splice(last, 1);
    else parent[last] = value;
  } else if (typeof parent === "object" && parent !== null) {
    const record = parent as Record<string, unknown>;
    // defineProperty keeps a "__proto__" key an own property, as JSON.parse makes it
    if (remove) delete record[last];
    else Object.defineProperty(record, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

const WRONG_TYPES: unknown[] = [null, true, 42, "", "string", [], {}, [[{}]]];

/** One random change somewhere in `root`. */
function mutateOnce(rng: Rng, root: unknown): unknown {
  const paths = pathsOf(root);
  const path = pick(rng, paths.length > 1 ? paths.slice(1) : paths);
  switch (randomInt(rng, 6)) {
    case 0:
      return setAt(root, path, undefined, true);
    case 1:
      return setAt(root, path, pick(rng, WRONG_TYPES));
    case 2:
      return setAt(root, path, randomString(rng));
    case 3:
      return setAt(root, path, randomJson(rng));
    case 4:
      return setAt(root, path, pick(rng, TIMESTAMPS.slice(2)));
    default:
      return setAt(root, [...path, pick(rng, JUNK_KEYS)], randomJson(rng, 2));
  }
}

/** A near-valid body: a copy of `valid` with one to three random mutations; `valid` is not changed. */
export function mutateEnvelope(rng: Rng, valid: unknown): unknown {
  let body = structuredClone(valid);
  const mutations = 1 + randomInt(rng, 3);
  for (let i = 0; i < mutations; i += 1) body = mutateOnce(rng, body);
  return body;
}
