// One batch must never stall all statistics: writes the database refuses when folded are written per
// event, an event whose own write the database refuses is dead-lettered while the rest of its batch is
// applied exactly once, and /readyz reports an applier that cannot make progress.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { rejectedLetterId } from "../../src/ingest/apply/reject";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import { buildEnvelope } from "../support/builders";
import { deliverAsOneBatch, Gate } from "../support/faults";
import { startApp, type TestApp } from "../support/harness";
import {
  backlogDrained,
  buildPull,
  buildPush,
  deliver,
  histogram,
  markersCleared,
  metricValue,
  snapshot,
} from "../support/ingest-builders";
import { waitFor } from "../support/wait";

const CLAIM_MS = 150;

/** A registry-stats document of the original collector whose `actors` is a string, not a list. */
async function insertLegacyRepository(app: TestApp, name: string): Promise<void> {
  await app.ctx.db.models.repositories.collection.insertOne({
    _id: name as never,
    repositoryname: name,
    numpushs: 1,
    numpulls: 7,
    numstars: 0,
    actors: "bob",
  });
}

const pending = (app: TestApp) => app.ctx.db.models.events.countDocuments({ state: "pending" });

describe("a batch holding writes the database would refuse together", () => {
  const gate = new Gate();
  let app: TestApp;
  before(async () => {
    const feature = createIngestFeature({ faults: gate });
    app = await startApp({ ingest: { acknowledge: "stored" } }, { features: [feature] });
  });
  after(() => app.stop());

  it("when two pulls of one image, one listing references and one not, share a batch, then both count once", async () => {
    const withReferences = buildPull("refs/app");
    const without = buildPull("refs/app", { target: { references: undefined }, actor: { name: "carol" } });
    const res = await deliverAsOneBatch(app, gate, "refs/plug", [withReferences, without]);
    await markersCleared(app);
    assert.equal((res.json as { counted: number }).counted, 2);
    const batches = await histogram(app, "drec_ingest_apply_batch_events");
    assert.deepEqual(batches, { count: 2, sum: 3 }, "the plug alone, then the pair in one batch");
    const snap = await snapshot(app, "refs/app");
    assert.equal(snap.repository?.numpulls, 2);
    assert.equal(snap.tags[0].pullCount, 2);
    assert.equal(snap.digests[0].pullCount, 2);
    assert.deepEqual(
      snap.digests[0].references,
      withReferences.target?.references?.map((r) => ({ ...r })),
    );
    assert.equal(await metricValue(app, "drec_ingest_apply_backlog"), 0);
    assert.equal(await pending(app), 0);
    assert.equal(await app.ctx.db.models.deadLetters.countDocuments(), 0);
  });
});

describe("a poison event among good ones", () => {
  const gate = new Gate();
  const feature = createIngestFeature({ faults: gate, claimMs: CLAIM_MS });
  let app: TestApp;
  const poison = buildPull("legacy/app", { actor: { name: "dave" } });
  before(async () => {
    app = await startApp({ ingest: { acknowledge: "stored" } }, { features: [feature] });
    await insertLegacyRepository(app, "legacy/app");
  });
  after(() => app.stop());

  it("when a pull of a legacy repository document the database cannot update shares a batch with good events, then the good ones count once and the poison one is dead-lettered", async () => {
    const good = [
      buildPull("good/a"),
      buildPush("good/b", { target: { tag: "2.0" } }),
      buildPull("good/a", { actor: undefined }),
    ];
    const res = await deliverAsOneBatch(app, gate, "good/plug", [good[0], poison, good[1], good[2]]);
    await markersCleared(app);
    assert.equal((res.json as { counted: number }).counted, 4);
    const a = await snapshot(app, "good/a");
    assert.deepEqual([a.repository?.numpulls, a.tags[0].pullCount, a.daily[0].pullCount], [2, 2, 2]);
    assert.deepEqual(
      a.actors.map((x) => [x.actor, x.pullCount]),
      [["bob", 1]],
    );
    const b = await snapshot(app, "good/b");
    assert.deepEqual([b.repository?.numpushs, b.tags[0].pushCount, b.actors[0].pushCount], [1, 1, 1]);

    const legacy = await snapshot(app, "legacy/app");
    assert.deepEqual(
      [legacy.repository?.numpulls, legacy.repository?.actors],
      [7, "bob"],
      "refused: unchanged",
    );
    assert.equal(legacy.tags[0].pullCount, 1, "the poison event's accepted writes stay");
    const letter = await app.ctx.db.models.deadLetters.collection.findOne({ eventId: poison.id });
    assert.equal(letter?._id as unknown, rejectedLetterId(poison.id ?? ""));
    assert.match(String(letter?.reason), /must be an array/);
    assert.equal((letter?.event as { id?: string }).id, poison.id);
    const entry = await app.ctx.db.models.events.findById(poison.id).lean();
    assert.equal(entry?.state, "rejected");
    assert.equal(await metricValue(app, "drec_ingest_apply_rejected_total"), 1);
    assert.equal(await metricValue(app, "drec_ingest_apply_backlog"), 0);
    assert.equal(await pending(app), 0);
  });

  it("when drec restarts, then recovery does not replay the poison event, and its redelivery is a duplicate", async () => {
    const before = await snapshot(app, "legacy/app");
    const database = app.config.mongodb.database;
    await app.stop();
    app = await startApp(
      { mongodb: { database }, ingest: { acknowledge: "stored" } },
      { features: [feature] },
    );
    await backlogDrained(app);
    assert.deepEqual(await snapshot(app, "legacy/app"), before);
    const res = await deliver(app, buildEnvelope([poison]));
    assert.deepEqual(res.json, { received: 1, counted: 0, duplicates: 1, ignored: 0, rejected: 0 });
    await backlogDrained(app);
    assert.deepEqual(await snapshot(app, "legacy/app"), before);
    assert.equal(await app.ctx.db.models.deadLetters.countDocuments({ eventId: poison.id }), 1);
  });
});

describe("a poison event with acknowledge: applied", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ ingest: { acknowledge: "applied" } });
    await insertLegacyRepository(app, "legacy/waits");
  });
  after(() => app.stop());

  it("when a registry waits for the statistics of an event the database refuses, then it is answered rejected", async () => {
    const res = await deliver(app, buildEnvelope([buildPull("legacy/waits"), buildPull("fine/app")]));
    assert.deepEqual(res.json, { received: 2, counted: 1, duplicates: 0, ignored: 0, rejected: 1 });
    assert.equal((await snapshot(app, "fine/app")).repository?.numpulls, 1);
  });
});

describe("readiness while the applier cannot make progress", () => {
  // The database is up, but every batch fails before its first write, as during a partial outage.
  let failing = true;
  const feature = createIngestFeature({
    faults: {
      beforeWrite: (step) => {
        if (failing && step === "ledger.batch") throw new Error("injected outage of the applier");
      },
    },
    applier: { retryMs: [10, 50] },
  });
  let app: TestApp;
  before(async () => {
    app = await startApp(
      { ingest: { acknowledge: "stored", max_apply_lag_seconds: 1 } },
      { features: [feature] },
    );
  });
  after(() => app.stop());

  it("when the oldest stored event waits longer than ingest.max_apply_lag_seconds, then /readyz is 503 until it is applied", async () => {
    assert.equal((await app.request("/readyz")).status, 200);
    await deliver(app, buildEnvelope([buildPush("stuck/app")]));
    const stuck = await waitFor(async () => {
      const res = await app.request("/readyz");
      return res.status === 503 && res;
    }, 10_000);
    assert.equal(stuck.headers["retry-after"], "5");
    assert.equal(await metricValue(app, "drec_ingest_apply_backlog"), 1);
    assert.deepEqual((stuck.json as { checks: unknown }).checks, { database: "up", applier: "down" });
    failing = false;
    await backlogDrained(app);
    const ready = await app.request("/readyz");
    assert.equal(ready.status, 200);
    assert.deepEqual((ready.json as { checks: unknown }).checks, { database: "up", applier: "up" });
    assert.equal((await snapshot(app, "stuck/app")).repository?.numpushs, 1);
  });
});
