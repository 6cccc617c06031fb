// The dashboard's test data: registry events as a registry would post them, spread over the last
// weeks so the activity chart has bars. Deterministic counts, timestamps relative to now.
import crypto from "node:crypto";
import { buildEnvelope, buildEvent, digestOf, type RawEnvelope, type RawEvent } from "../../support/builders";

const DAY_MS = 24 * 3600 * 1000;

/** What one seeded repository gets: tag pushes (tag, days ago) and pulls per user per day. */
export interface SeedRepository {
  name: string;
  pushes: [tag: string, daysAgo: number][];
  /** Pulls of the first tag: user name to how many pulls on which days ago. */
  pulls: [user: string, daysAgo: number, count: number][];
}

/** Six repositories with distinct pull counts, active on different days of the last four weeks. */
export const SEED: SeedRepository[] = [
  {
    name: "team/api",
    pushes: [
      ["1.0", 26],
      ["1.1", 19],
      ["2.0", 8],
      ["latest", 8],
      ["2.1", 2],
    ],
    pulls: [
      ["alice", 20, 2],
      ["bob", 15, 2],
      ["ci-bot", 9, 3],
      ["ci-bot", 5, 2],
      ["alice", 3, 2],
      ["bob", 1, 1],
      ["ci-bot", 0, 1],
    ],
  },
  {
    name: "library/alpine",
    pushes: [["3.20", 28]],
    pulls: [
      ["bob", 27, 2],
      ["alice", 12, 3],
      ["ci-bot", 6, 3],
      ["alice", 2, 2],
    ],
  },
  {
    name: "team/web",
    pushes: [
      ["1.0", 21],
      ["1.1", 14],
      ["1.2", 4],
    ],
    pulls: [
      ["alice", 13, 1],
      ["bob", 4, 2],
      ["alice", 1, 1],
    ],
  },
  {
    name: "tools/ci-runner",
    pushes: [
      ["v3", 17],
      ["v4", 3],
    ],
    pulls: [["ci-bot", 2, 3]],
  },
  {
    name: "sandbox/hello-world",
    pushes: [["latest", 10]],
    pulls: [["bob", 9, 1]],
  },
  { name: "data/etl-job", pushes: [["2026.1", 6]], pulls: [] },
];

const iso = (now: number, daysAgo: number, minute: number) =>
  new Date(now - daysAgo * DAY_MS - (minute % 600) * 60_000).toISOString();

/** A tagged manifest push, as distribution sends it. */
export function pushEvent(repository: string, tag: string, timestamp: string, user = "alice"): RawEvent {
  const digest = digestOf(`${repository}:${tag}`);
  return buildEvent({
    id: crypto.randomUUID(),
    timestamp,
    action: "push",
    target: {
      repository,
      tag,
      digest,
      url: `https://registry.example.com:5000/v2/${repository}/manifests/${digest}`,
    },
    actor: { name: user },
  });
}

/** A counted pull: a GET of a single-platform image manifest by tag. */
export function pullEvent(repository: string, tag: string, timestamp: string, user: string): RawEvent {
  const digest = digestOf(`${repository}:${tag}`);
  return buildEvent({
    id: crypto.randomUUID(),
    timestamp,
    action: "pull",
    target: {
      repository,
      tag,
      digest,
      url: `https://registry.example.com:5000/v2/${repository}/manifests/${tag}`,
      references: undefined,
    },
    request: { method: "GET", useragent: "docker/27.3.1" },
    actor: { name: user },
  });
}

/** One envelope per repository: its pushes, then its pulls. */
export function seedEnvelopes(now = Date.now()): RawEnvelope[] {
  return SEED.map((repo) => {
    const events: RawEvent[] = repo.pushes.map(([tag, daysAgo], i) =>
      pushEvent(repo.name, tag, iso(now, daysAgo, 30 + i)),
    );
    const pulledTag = repo.pushes[0][0];
    repo.pulls.forEach(([user, daysAgo, count], i) => {
      for (let n = 0; n < count; n += 1)
        events.push(pullEvent(repo.name, pulledTag, iso(now, daysAgo, i * 37 + n * 11), user));
    });
    return buildEnvelope(events);
  });
}

/** Seeded pulls of a repository. */
export const seededPulls = (repo: SeedRepository): number =>
  repo.pulls.reduce((sum, [, , count]) => sum + count, 0);
