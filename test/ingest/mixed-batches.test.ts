// Generated mixed batches (pushes, untagged pushes, pulls with and without references, tags and
// actors, index pulls, deletes, several repositories) under faults: a one-off failure of any write
// with the production retry, and a crash in the middle of a batch holding a poison event followed by
// a restart. Expected counters come from the generator's record of each event, not from drec's code.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import { expectedCounts, generateEvents, type ExpectedCounts } from "../support/batch-generator";
import { Crash, deliverAsOneBatch, FailOnce, Gate } from "../support/faults";
import { mulberry32, pick } from "../support/fuzz";
import { startApp, type TestApp } from "../support/harness";
import {
  buildPull,
  buildPush,
  comparable,
  markersCleared,
  metricValue,
  snapshot,
} from "../support/ingest-builders";

const CLAIM_MS = 150;
// 22 and 26 push tags, in the batch of a later GET by digest, onto a manifest whose delete (applied in an
// earlier batch) is newer than the push: the tags stay deleted and the GET credits none of them.
const SEEDS = [11, 12, 13, 14, 15, 16, 22, 26];
// Writes a one-off failure may hit: counted, idempotent and ledger writes.
const STEPS = [
  "ledger.batch",
  "repository",
  "tag",
  "digest",
  "actor",
  "daily",
  "tag.current",
  "digest.pusher",
  "change-log",
  "ledger.applied",
];

const n = (value: unknown) => (typeof value === "number" ? value : 0);

/** The counters stored for `repositories`, keyed like expectedCounts; zero counters left out. */
async function storedCounts(app: TestApp, repositories: Iterable<string>): Promise<ExpectedCounts> {
  const counts: ExpectedCounts = new Map();
  const put = (key: string, push: unknown, pull: unknown) => {
    if (n(push) + n(pull) > 0) counts.set(key, [n(push), n(pull)]);
  };
  for (const repository of repositories) {
    const snap = await snapshot(app, repository);
    if (snap.repository) put(`repository|${repository}|`, snap.repository.numpushs, snap.repository.numpulls);
    for (const t of snap.tags) put(`tag|${repository}|${String(t.tag)}`, t.pushCount, t.pullCount);
    for (const d of snap.digests) put(`digest|${repository}|${String(d.digest)}`, 0, d.pullCount);
    for (const a of snap.actors) put(`actor|${repository}|${String(a.actor)}`, a.pushCount, a.pullCount);
    for (const d of snap.daily) put(`daily|${repository}|${String(d.day)}`, d.pushCount, d.pullCount);
  }
  return counts;
}

const sorted = (counts: ExpectedCounts) => [...counts].sort(([a], [b]) => a.localeCompare(b));

describe("generated mixed batches with a one-off failure of a write", () => {
  const failure = new FailOnce("none");
  const gate = new Gate(failure);
  let app: TestApp;
  before(async () => {
    const feature = createIngestFeature({ faults: gate, applier: { retryMs: [5, 20] } });
    app = await startApp({ ingest: { acknowledge: "stored" } }, { features: [feature] });
  });
  after(() => app.stop());

  for (const seed of SEEDS) {
    it(`when the batch of seed ${seed} fails once at a write and is retried, then every counter equals the acknowledged events`, async () => {
      const rng = mulberry32(seed);
      const events = generateEvents(rng, `mix${seed}`, 40);
      failure.arm(pick(rng, STEPS));
      const res = await deliverAsOneBatch(
        app,
        gate,
        `mix${seed}/plug`,
        events.map((e) => e.raw),
      );
      assert.deepEqual(res.json, { received: 40, counted: 40, duplicates: 0, ignored: 0, rejected: 0 });
      await markersCleared(app);
      const repositories = new Set(events.map((e) => e.repository));
      assert.deepEqual(sorted(await storedCounts(app, repositories)), sorted(expectedCounts(events)));
      assert.equal(await metricValue(app, "drec_ingest_apply_backlog"), 0);
      assert.equal(await app.ctx.db.models.events.countDocuments({ state: { $ne: "applied" } }), 0);
      assert.equal(await app.ctx.db.models.deadLetters.countDocuments(), 0);
    });
  }
});

describe("a crash in the middle of a batch holding a poison event, then recovery", () => {
  const crash = new Crash();
  const crashGate = new Gate(crash);
  const referenceGate = new Gate();
  const crashing = createIngestFeature({
    faults: crashGate,
    claimMs: CLAIM_MS,
    applier: { onFailure: "abandon" },
    // The restarted process sweeps the crashed one's leftover markers at once (by default 10 min later).
    maintenanceDelayMs: 0,
  });
  let reference: TestApp;
  before(async () => {
    reference = await startApp(
      { ingest: { acknowledge: "stored" } },
      { features: [createIngestFeature({ faults: referenceGate })] },
    );
  });
  after(() => reference.stop());

  /** A repository document of the original collector whose numpushs is a string: pushes are refused. */
  const insertLegacy = (app: TestApp, name: string) =>
    app.ctx.db.models.repositories.collection.insertOne({
      _id: name as never,
      repositoryname: name,
      numpushs: "7",
      numpulls: 7,
      numstars: 0,
      actors: [],
    });

  // [step, writes of that name let through first]: inside the per-event fallback of the legacy
  // document, after it, in a later fold, in the idempotent chains, and around the rejection.
  const CRASHES: [string, number][] = [
    ["repository", 0],
    ["repository", 1],
    ["repository", 2],
    ["digest", 0],
    ["tag.current", 0],
    ["dead-letter", 0],
    ["ledger.rejected", 0],
    ["change-log", 0],
    ["ledger.applied", 0],
  ];

  it("when drec crashes after each of several writes of the batch and restarts, then the documents equal a clean run's", async () => {
    for (const [step, skip] of CRASHES) {
      const prefix = `crash-${step}-${skip}`.replace(/\./g, "-");
      const legacy = `${prefix}/legacy`;
      const poison = buildPush(legacy, { target: { tag: "bad" } });
      const generated = generateEvents(mulberry32(7), prefix, 16, 2);
      const events = [
        buildPull(legacy),
        poison,
        buildPull(legacy, { actor: { name: "erin" } }),
        ...generated.map((e) => e.raw),
      ];
      const repositories = [legacy, `${prefix}/r0`, `${prefix}/r1`];

      await insertLegacy(reference, legacy);
      await deliverAsOneBatch(reference, referenceGate, `${prefix}/plug`, events);
      await markersCleared(reference);
      const good = new Set(generated.map((e) => e.repository));
      assert.deepEqual(sorted(await storedCounts(reference, good)), sorted(expectedCounts(generated)));

      let app = await startApp({ ingest: { acknowledge: "stored" } }, { features: [crashing] });
      await insertLegacy(app, legacy);
      crash.arm(step, skip);
      await deliverAsOneBatch(app, crashGate, `${prefix}/plug`, events);
      assert.ok(crash.crashed, `${step}#${skip}: the crash happened`);
      const database = app.config.mongodb.database;
      await app.stop();
      crash.disarm();
      await sleep(CLAIM_MS); // the crashed claims lapse, as they would after a real crash
      app = await startApp(
        { mongodb: { database }, ingest: { acknowledge: "stored" } },
        { features: [crashing] },
      );
      try {
        await markersCleared(app);
        for (const repository of repositories) {
          assert.deepEqual(
            comparable(await snapshot(app, repository)),
            comparable(await snapshot(reference, repository)),
            `${step}#${skip}: ${repository}`,
          );
        }
        const letters = await app.ctx.db.models.deadLetters.find({}, { eventId: 1 }).lean();
        assert.deepEqual(
          letters.map((l) => l.eventId),
          [poison.id],
          `${step}#${skip}: one dead letter`,
        );
        assert.equal(await app.ctx.db.models.events.countDocuments({ state: "pending" }), 0);
        assert.equal(await app.ctx.db.models.events.countDocuments({ state: "rejected" }), 1);
      } finally {
        await app.stop();
      }
    }
  });
});
