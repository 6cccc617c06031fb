// Seeded generator of mixed, valid event batches (pushes, untagged pushes, pulls by tag and by digest,
// index pulls, tag and digest deletes; with and without references, actors, tags; several repositories)
// and the counters they must produce, computed from the generator's own record of what each event is,
// never from drec's planning code.
import { digestOf, type RawEvent } from "./builders";
import { pick, randomInt, type Rng } from "./fuzz";
import { buildDeleteDigest, buildDeleteTag, buildPull, buildPush } from "./ingest-builders";

/** What a generated event is, as the counting rules of the README name it. */
export type GeneratedKind = "push" | "push-untagged" | "pull" | "pull-index" | "delete-tag" | "delete-digest";

/** One generated event and the facts its expected counts follow from. */
export interface GeneratedEvent {
  raw: RawEvent;
  kind: GeneratedKind;
  repository: string;
  tag?: string;
  digest: string;
  actor?: string;
  day: string;
}

const KINDS: GeneratedKind[] = [
  "push",
  "push",
  "push-untagged",
  "pull",
  "pull",
  "pull",
  "pull-index",
  "delete-tag",
  "delete-digest",
];
const TAGS = ["1.0", "latest", "v2"];
const ACTORS = ["alice", "bob", undefined];
const DAYS = ["2026-11-27", "2026-11-28"];
const IMAGE = "application/vnd.oci.image.manifest.v1+json";
const INDEX = "application/vnd.oci.image.index.v1+json";
const REFERENCES = [
  { mediaType: "application/vnd.oci.image.config.v1+json", size: 163, digest: digestOf("config") },
];

/** `count` events over `repositories` (names prefixed with `prefix`), fixed by the rng's seed. */
export function generateEvents(rng: Rng, prefix: string, count: number, repositories = 3): GeneratedEvent[] {
  return Array.from({ length: count }, () => {
    const kind = pick(rng, KINDS);
    const repository = `${prefix}/r${randomInt(rng, repositories)}`;
    const index = kind === "pull-index";
    const digest = digestOf(`${index ? "index" : "image"}-${randomInt(rng, 2)}`);
    // A push without a tag is an untagged push; other kinds name a tag or not.
    const untagged =
      kind === "push-untagged" ||
      kind === "delete-digest" ||
      (kind !== "push" && kind !== "delete-tag" && rng() < 0.2);
    const tag = untagged ? undefined : pick(rng, TAGS);
    const actor = pick(rng, ACTORS);
    const day = pick(rng, DAYS);
    const second = String(randomInt(rng, 60)).padStart(2, "0");
    const target = {
      tag,
      digest,
      mediaType: index ? INDEX : IMAGE,
      // With and without references: one digest pulled both ways in a batch once made the fold conflict.
      references: rng() < 0.5 ? REFERENCES : undefined,
    };
    const common = {
      timestamp: `${day}T0${randomInt(rng, 10)}:00:${second}Z`,
      actor: actor ? { name: actor } : undefined,
    };
    const raw =
      kind === "push" || kind === "push-untagged"
        ? buildPush(repository, { ...common, target })
        : kind === "pull" || kind === "pull-index"
          ? buildPull(repository, { ...common, target })
          : kind === "delete-tag"
            ? buildDeleteTag(repository, { ...common, target: { tag } })
            : buildDeleteDigest(repository, { ...common, target: { digest } });
    return { raw, kind, repository, tag, digest, actor, day };
  });
}

/** Expected counters: key `collection|repository|key` to `[pushes, pulls]`. */
export type ExpectedCounts = Map<string, [number, number]>;

/** The counters the README's counting rules give for `events` (deletes never change counts). */
export function expectedCounts(events: readonly GeneratedEvent[]): ExpectedCounts {
  const counts: ExpectedCounts = new Map();
  const add = (key: string, push: number, pull: number) => {
    const [p, q] = counts.get(key) ?? [0, 0];
    counts.set(key, [p + push, q + pull]);
  };
  for (const e of events) {
    const push = e.kind === "push" ? 1 : 0;
    const pull = e.kind === "pull" ? 1 : 0;
    if (push + pull > 0) {
      add(`repository|${e.repository}|`, push, pull);
      add(`daily|${e.repository}|${e.day}`, push, pull);
      if (e.actor) add(`actor|${e.repository}|${e.actor}`, push, pull);
    }
    const anyPull = e.kind === "pull" || e.kind === "pull-index" ? 1 : 0;
    if (e.tag !== undefined && push + anyPull > 0) add(`tag|${e.repository}|${e.tag}`, push, anyPull);
    if (anyPull > 0) add(`digest|${e.repository}|${e.digest}`, 0, 1);
  }
  return counts;
}
