// The default acknowledgement ("stored"): the registry is answered once the event is in the ledger, and
// the applier writes the statistics afterwards, many events per batch. Also: a failing batch is retried
// by the applier itself until it succeeds, without counting twice.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import { buildEnvelope } from "../support/builders";
import { FailOnce } from "../support/faults";
import { startApp, type TestApp } from "../support/harness";
import {
  buildPull,
  buildPush,
  backlogDrained as applied,
  deliver,
  histogram,
  markersCleared,
  snapshot,
} from "../support/ingest-builders";

describe("acknowledging stored events and applying them in batches", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ ingest: { acknowledge: "stored" } });
  });
  after(() => app.stop());

  it("when 40 pulls arrive at once, then each is answered as counted and the statistics add up after the applier catches up", async () => {
    await deliver(app, buildEnvelope([buildPush("batch/app")]));
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        deliver(app, buildEnvelope([buildPull("batch/app", { actor: { name: `user${i % 4}` } })])),
      ),
    );
    assert.deepEqual(
      answers.map((res) => (res.json as { counted: number }).counted),
      Array(40).fill(1),
    );
    await applied(app);
    await markersCleared(app);
    const snap = await snapshot(app, "batch/app");
    assert.equal(snap.repository?.numpulls, 40);
    assert.equal(snap.tags[0].pullCount, 40);
    assert.deepEqual(snap.actors.map((a) => [a.actor, a.pullCount]).sort(), [
      ["alice", 0],
      ["user0", 10],
      ["user1", 10],
      ["user2", 10],
      ["user3", 10],
    ]);
    assert.equal(snap.daily[0].pullCount, 40);
  });

  it("when many events wait at once, then they share batches", async () => {
    const { count, sum } = await histogram(app, "drec_ingest_apply_batch_events");
    assert.equal(sum, 41, "every event of the previous test was applied in some batch");
    assert.ok(count < sum, `expected fewer batches than events, got ${count} batches for ${sum} events`);
  });
});

describe("a batch that fails is retried by the applier", () => {
  let app: TestApp;
  before(async () => {
    const feature = createIngestFeature({ faults: new FailOnce("tag"), applier: { retryMs: [10, 50] } });
    app = await startApp({ ingest: { acknowledge: "stored" } }, { features: [feature] });
  });
  after(() => app.stop());

  it("when a write of the batch fails once, then the retry applies the event exactly once", async () => {
    const res = await deliver(app, buildEnvelope([buildPush("retry/app")]));
    assert.equal(res.status, 200);
    await applied(app);
    await markersCleared(app);
    const snap = await snapshot(app, "retry/app");
    assert.equal(snap.repository?.numpushs, 1);
    assert.equal(snap.tags[0].pushCount, 1);
    assert.equal(snap.actors[0].pushCount, 1);
    assert.equal(await app.ctx.db.models.events.countDocuments({ state: "pending" }), 0);
  });
});
