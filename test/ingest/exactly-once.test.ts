// Exactly once under failures: a crash after each individual write of a push, a pull and the deletes,
// then a redelivery (same process) or a restart (startup recovery); two instances on one database; and
// storms of duplicates. Every case ends with the documents a clean single delivery produces.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import { buildEnvelope, type RawEvent } from "../support/builders";
import { Crash } from "../support/faults";
import { startApp, type TestApp } from "../support/harness";
import {
  buildDeleteDigest,
  buildDeleteRepository,
  buildDeleteTag,
  buildPull,
  buildPush,
  comparable,
  deliver,
  markersCleared,
  postEvents,
  snapshot,
} from "../support/ingest-builders";

// Short claims, so a redelivery takes over a crashed attempt quickly (a crash cannot release its claim).
const CLAIM_MS = 150;

/** One row family of the matrix: events applied first, then the event that crashes. */
interface Scenario {
  name: string;
  setup: (repository: string) => RawEvent[];
  event: (repository: string) => RawEvent;
}

const SCENARIOS: Scenario[] = [
  { name: "push", setup: () => [], event: (r) => buildPush(r) },
  { name: "pull", setup: (r) => [buildPush(r)], event: (r) => buildPull(r) },
  {
    name: "check",
    setup: (r) => [buildPush(r)],
    event: (r) => buildPull(r, { request: { method: "HEAD" } }),
  },
  // A robot's pull after a person's (ingest.automated, see AUTOMATED): counted apart, lastpulled stays.
  {
    name: "robot-pull",
    setup: (r) => [buildPush(r), buildPull(r)],
    event: (r) => buildPull(r, { actor: { name: "robot$scanner" }, timestamp: "2026-11-27T02:00:00Z" }),
  },
  { name: "delete-digest", setup: (r) => [buildPush(r), buildPull(r)], event: (r) => buildDeleteDigest(r) },
  { name: "delete-tag", setup: (r) => [buildPush(r)], event: (r) => buildDeleteTag(r) },
  {
    name: "delete-repository",
    setup: (r) => [buildPush(r), buildPull(r)],
    event: (r) => buildDeleteRepository(r),
  },
];

// The restart matrix covers one event of each family; the deletes all recover the same way.
const RESTARTED = ["push", "pull", "robot-pull", "delete-digest"];

// The rules the crashed events are received under; the restart drops them (see the restart case).
const AUTOMATED = { ingest: { automated: { actors: ["robot$*"] } } };

let rowCount = 0;
const freshRepository = (scenario: string) => `eo/${scenario}-${(rowCount += 1)}`;

async function deliverAll(app: TestApp, events: RawEvent[]) {
  for (const event of events) await deliver(app, buildEnvelope([event]));
}

async function crashOnce(app: TestApp, crash: Crash, step: string, event: RawEvent): Promise<void> {
  crash.arm(step);
  const res = await postEvents(app, buildEnvelope([event]));
  crash.disarm();
  assert.equal(res.status, 500, `the crash after ${step} fails the request`);
}

describe("exactly once with a crash after each write", () => {
  const crash = new Crash();
  // A failed batch is abandoned, as by a crashed process: redelivery or restart recovery must finish it.
  const feature = createIngestFeature({
    faults: crash,
    claimMs: CLAIM_MS,
    claimWaitMs: 5000,
    applier: { onFailure: "abandon" },
  });
  let app: TestApp;
  const reference = new Map<string, unknown>();
  const steps = new Map<string, string[]>();

  before(async () => {
    app = await startApp(AUTOMATED, { features: [feature] });
    // A clean run of each scenario: the documents every faulty run must end with, and its write steps.
    for (const scenario of SCENARIOS) {
      const repository = freshRepository(scenario.name);
      await deliverAll(app, scenario.setup(repository));
      crash.seen.clear();
      await deliverAll(app, [scenario.event(repository)]);
      steps.set(scenario.name, [...crash.seen].sort());
      await markersCleared(app);
      reference.set(scenario.name, comparable(await snapshot(app, repository)));
    }
  });
  after(() => app.stop());

  it("when the reference runs are read, then they count what a clean delivery counts", () => {
    const push = reference.get("push") as { repository: { numpushs: number }; tags: { pushCount: number }[] };
    assert.equal(push.repository.numpushs, 1);
    assert.equal(push.tags[0].pushCount, 1);
    const pull = reference.get("pull") as { repository: { numpulls: number; numpushs: number } };
    assert.deepEqual([pull.repository.numpushs, pull.repository.numpulls], [1, 1]);
    const robot = reference.get("robot-pull") as {
      repository: { numpulls: number; automatedPullCount: number; lastpulled: unknown };
      tags: { pullCount: number; automatedPullCount: number }[];
    };
    assert.deepEqual(
      [robot.repository.numpulls, robot.repository.automatedPullCount, robot.repository.lastpulled],
      [2, 1, (pull.repository as { lastpulled?: unknown }).lastpulled],
    );
    assert.deepEqual([robot.tags[0].pullCount, robot.tags[0].automatedPullCount], [2, 1]);
    const deleted = reference.get("delete-digest") as {
      tags: { deleted: boolean }[];
      digests: { deleted: boolean }[];
    };
    assert.deepEqual([deleted.tags[0].deleted, deleted.digests[0].deleted], [true, true]);
    assert.equal((reference.get("delete-repository") as { repository: unknown }).repository, null);
    assert.deepEqual(
      steps.get("push"),
      [
        "change-log",
        "digest",
        "digest.pusher",
        "digest.undelete",
        "ledger.applied",
        "ledger.batch",
        "ledger.insert",
        "repository",
        "actor",
        "daily",
        "tag",
        "tag.current",
        "tag.digest-deleted",
        "tag.undelete",
      ].sort(),
    );
  });

  for (const scenario of SCENARIOS) {
    it(`when a ${scenario.name} crashes after each of its writes and is redelivered, then the documents are exact`, async () => {
      for (const step of steps.get(scenario.name) ?? []) {
        const repository = freshRepository(scenario.name);
        await deliverAll(app, scenario.setup(repository));
        const event = scenario.event(repository);
        await crashOnce(app, crash, step, event);
        const res = await deliver(app, buildEnvelope([event]));
        const summary = res.json as { counted: number; duplicates: number };
        // The ledger insert is the first write: a redelivery always finds the event stored, and finishes it.
        assert.deepEqual([summary.counted, summary.duplicates], [0, 1], step);
        await markersCleared(app);
        assert.deepEqual(comparable(await snapshot(app, repository)), reference.get(scenario.name), step);
      }
    });
  }

  it("when every crashed event is left pending and drec restarts, then startup recovery completes them exactly", async () => {
    const rows: { scenario: string; repository: string; event: RawEvent; step: string }[] = [];
    for (const scenario of SCENARIOS.filter((s) => RESTARTED.includes(s.name))) {
      for (const step of steps.get(scenario.name) ?? []) {
        const repository = freshRepository(scenario.name);
        await deliverAll(app, scenario.setup(repository));
        const event = scenario.event(repository);
        await crashOnce(app, crash, step, event);
        rows.push({ scenario: scenario.name, repository, event, step });
      }
    }
    const database = app.config.mongodb.database;
    await app.stop();
    await sleep(CLAIM_MS); // the crashed claims lapse, as they would after a real crash
    // Configuration changed during the outage: no robot rule any more, and automated pulls would move
    // lastpulled. The crashed automated pulls still recover as received: the decision is in the ledger.
    const changed = { ingest: { automated: { actors: [], move_last_pulled: true } } };
    app = await startApp({ mongodb: { database }, ...changed }, { features: [feature] });
    await markersCleared(app);
    for (const row of rows) {
      const actual = comparable(await snapshot(app, row.repository));
      assert.deepEqual(actual, reference.get(row.scenario), `${row.scenario} after ${row.step}`);
    }
    for (const row of rows) {
      const res = await deliver(app, buildEnvelope([row.event]));
      assert.equal((res.json as { duplicates: number }).duplicates, 1, `${row.scenario} after ${row.step}`);
    }
    const pending = await app.ctx.db.models.events.countDocuments({ state: "pending" });
    assert.equal(pending, 0);
  });
});

describe("exactly once across processes and concurrent duplicates", () => {
  let first: TestApp;
  let second: TestApp;
  let reference: TestApp;
  before(async () => {
    first = await startApp();
    second = await startApp({ mongodb: { database: first.config.mongodb.database } });
    reference = await startApp();
  });
  after(async () => {
    await Promise.all([first.stop(), second.stop(), reference.stop()]);
  });

  function workload(): RawEvent[] {
    const events: RawEvent[] = [];
    for (const repository of ["mp/a", "mp/b", "mp/c"]) {
      for (let i = 0; i < 3; i += 1) {
        const second = String(10 + i).padStart(2, "0");
        events.push(
          buildPush(repository, { timestamp: `2026-11-27T01:00:${second}Z`, target: { tag: `v${i}` } }),
        );
        events.push(
          buildPull(repository, { timestamp: `2026-11-27T02:00:${second}Z`, target: { tag: `v${i}` } }),
        );
        events.push(
          buildPull(repository, { timestamp: `2026-11-27T03:00:${second}Z`, actor: { name: `u${i}` } }),
        );
      }
    }
    events.push(buildDeleteTag("mp/a", { target: { tag: "v0" } }));
    return events;
  }

  it("when two instances on one database receive the same events concurrently, then the counts are exact", async () => {
    const events = workload();
    await deliverAll(reference, events);
    await markersCleared(reference);
    // Each event goes to both instances at once (one of them twice), eight deliveries in flight, like
    // two registries (or one registry behind a load balancer) retrying.
    const queue = events.flatMap((event) => [first, second, second].map((app) => ({ app, event })));
    const workers = Array.from({ length: 8 }, async () => {
      for (let job = queue.shift(); job; job = queue.shift())
        await deliver(job.app, buildEnvelope([job.event]));
    });
    await Promise.all(workers);
    await markersCleared(first);
    for (const repository of ["mp/a", "mp/b", "mp/c"]) {
      const expected = comparable(await snapshot(reference, repository));
      assert.deepEqual(comparable(await snapshot(first, repository)), expected, repository);
    }
    const ledger = await first.ctx.db.models.events.countDocuments({ state: "applied" });
    assert.equal(ledger, events.length);
  });

  it("when 40 copies of one event arrive at once at two instances, then it counts once", async () => {
    const event = buildPush("mp/storm");
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => deliver(i % 2 ? first : second, buildEnvelope([event]))),
    );
    const summaries = answers.map((res) => res.json as { counted: number; duplicates: number });
    assert.equal(
      summaries.reduce((sum, s) => sum + s.counted, 0),
      1,
    );
    assert.equal(
      summaries.reduce((sum, s) => sum + s.duplicates, 0),
      39,
    );
    await markersCleared(first);
    const snap = await snapshot(first, "mp/storm");
    assert.equal(snap.repository?.numpushs, 1);
    assert.equal(snap.tags[0].pushCount, 1);
    assert.equal(snap.actors[0].pushCount, 1);
    assert.equal(snap.daily[0].pushCount, 1);
  });

  it("when one envelope holds the same event several times, then it counts once", async () => {
    const event = buildPush("mp/envelope");
    const res = await deliver(first, buildEnvelope([event, event, event]));
    assert.deepEqual(res.json, { received: 3, counted: 1, duplicates: 2, ignored: 0, rejected: 0 });
  });
});
