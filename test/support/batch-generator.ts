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

/** A tag as the architecture's write table leaves it. */
interface TagState {
  digest?: string;
  lastPushedAt?: number;
  deletedAt?: number;
  deleted: boolean;
}

const max = (a: number | undefined, b: number) => (a === undefined || b > a ? b : a);

/**
 * The tags documents after applying events one at a time, following the write table of
 * docs/architecture.md (not drec's plans): the newest push names the digest; `deleted` follows the tag's
 * and its digest's deletes by timestamp.
 */
class TagModel {
  readonly tags = new Map<string, TagState>();
  private readonly digestDeletedAt = new Map<string, number>();

  apply(e: GeneratedEvent): void {
    const at = Date.parse(e.raw.timestamp ?? "");
    if (e.kind === "push" && e.tag !== undefined) {
      const t = this.tag(e.repository, e.tag);
      if (t.lastPushedAt === undefined || at >= t.lastPushedAt) t.digest = e.digest;
      t.lastPushedAt = max(t.lastPushedAt, at);
      if (!(t.deletedAt !== undefined && t.deletedAt >= at)) t.deleted = false;
      const gone = this.digestDeletedAt.get(`${e.repository}|${e.digest}`);
      if (gone !== undefined && gone >= at && t.digest === e.digest && t.lastPushedAt <= gone) {
        t.deleted = true;
        t.deletedAt = max(t.deletedAt, gone);
      }
    } else if (e.kind === "delete-tag" && e.tag !== undefined) {
      const t = this.tag(e.repository, e.tag);
      t.deletedAt = max(t.deletedAt, at);
      if (!(t.lastPushedAt !== undefined && t.lastPushedAt > at)) t.deleted = true;
    } else if (e.kind === "delete-digest") {
      const key = `${e.repository}|${e.digest}`;
      this.digestDeletedAt.set(key, max(this.digestDeletedAt.get(key), at));
      for (const [name, t] of this.tags) {
        if (!name.startsWith(`${e.repository}|`) || t.digest !== e.digest) continue;
        if (t.lastPushedAt !== undefined && t.lastPushedAt <= at) {
          t.deleted = true;
          t.deletedAt = max(t.deletedAt, at);
        }
      }
    }
  }

  /** Tag names of `repository` not deleted whose current digest is `digest`. */
  pointingAt(repository: string, digest: string): string[] {
    return [...this.tags]
      .filter(([name, t]) => name.startsWith(`${repository}|`) && t.digest === digest && !t.deleted)
      .map(([name]) => name.slice(repository.length + 1));
  }

  private tag(repository: string, tag: string): TagState {
    const key = `${repository}|${tag}`;
    const t = this.tags.get(key) ?? { deleted: false };
    this.tags.set(key, t);
    return t;
  }
}

/**
 * The tags each GET of an image manifest by digest is credited to, by the README's rules. Rule 1 (the
 * client's tag resolved within 60 s) never applies here: the generator sends no HEADs, and its indexes
 * list only a config, never an image manifest. Rule 2: every tag pointing at the digest once every event
 * delivered before the GET is applied, whatever batches drec applies them in (a push earlier in the
 * same batch moves its tag only if it is the tag's newest push, as it will once applied).
 */
function digestPullCredits(events: readonly GeneratedEvent[]): Map<GeneratedEvent, string[]> {
  const credits = new Map<GeneratedEvent, string[]>();
  const applied = new TagModel();
  for (const e of events) {
    if (e.kind === "pull" && e.tag === undefined) credits.set(e, applied.pointingAt(e.repository, e.digest));
    applied.apply(e);
  }
  return credits;
}

/**
 * The counters the README's counting rules ("How usage is counted") give for `events`: a push or a GET
 * of an image manifest counts on the repository, its day and its actor; the tag a GET named, or each
 * tag a GET by digest is credited to, counts a pull; index GETs count a digest pull only, never a tag
 * pull; deletes never change counts.
 */
export function expectedCounts(events: readonly GeneratedEvent[]): ExpectedCounts {
  const counts: ExpectedCounts = new Map();
  const add = (key: string, push: number, pull: number) => {
    const [p, q] = counts.get(key) ?? [0, 0];
    counts.set(key, [p + push, q + pull]);
  };
  const credits = digestPullCredits(events);
  for (const e of events) {
    const push = e.kind === "push" ? 1 : 0;
    const pull = e.kind === "pull" ? 1 : 0;
    if (push + pull > 0) {
      add(`repository|${e.repository}|`, push, pull);
      add(`daily|${e.repository}|${e.day}`, push, pull);
      if (e.actor) add(`actor|${e.repository}|${e.actor}`, push, pull);
    }
    if (e.kind === "push" && e.tag !== undefined) add(`tag|${e.repository}|${e.tag}`, 1, 0);
    if (e.kind === "pull") {
      for (const tag of e.tag !== undefined ? [e.tag] : (credits.get(e) ?? []))
        add(`tag|${e.repository}|${tag}`, 0, 1);
    }
    if (e.kind === "pull" || e.kind === "pull-index") add(`digest|${e.repository}|${e.digest}`, 0, 1);
  }
  return counts;
}
