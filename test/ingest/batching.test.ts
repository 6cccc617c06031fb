// The default acknowledgement ("stored"): the registry is answered once the event is in the ledger, and
// the applier writes the statistics afterwards, many events per batch. Also: a failing batch is retried
// by the applier itself until it succeeds, without counting twice.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import { buildEnvelope, type RawEvent } from "../support/builders";
import { MAX_UPDATE_STATEMENTS } from "../../src/store/bulk-update";
import { deliverAsOneBatch, FailOnce, Gate } from "../support/faults";
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

describe("a batch's writes go out as a few multi-statement commands", () => {
  const commands = new Map<string, number>();
  const gate = new Gate({ beforeWrite: (step) => void commands.set(step, (commands.get(step) ?? 0) + 1) });
  let app: TestApp;
  before(async () => {
    const feature = createIngestFeature({ faults: gate });
    app = await startApp({ ingest: { acknowledge: "stored" } }, { features: [feature] });
  });
  after(() => app.stop());
  // The events as one batch, counting the commands of each write name.
  const deliverCounted = async (events: RawEvent[]) => {
    commands.clear();
    await deliverAsOneBatch(app, gate, "commands/plug", events);
  };

  it("when one batch pulls from 120 repositories, then each collection gets commands of at most 50 statements and every counter moves once", async () => {
    const names = Array.from({ length: 120 }, (_, i) => `many/r${i}`);
    // Twice: the second batch updates documents that exist (what hung an unpatched FerretDB at 100).
    for (const round of [1, 2]) {
      await deliverCounted(names.map((name) => buildPull(name)));
      assert.equal(MAX_UPDATE_STATEMENTS, 50);
      // 120 repository documents: 50 + 50 + 20 statements; likewise tags, digests, actors, daily buckets.
      for (const name of ["repository", "tag", "digest", "actor", "daily"])
        assert.equal(commands.get(name), 3, `round ${round}: commands of "${name}"`);
    }
    // Counters only: the markers of 600 documents may still be waiting for their sweep.
    for (const name of [names[0], names[77], names[119]]) {
      const snap = await snapshot(app, name);
      assert.deepEqual(
        [
          snap.repository?.numpulls,
          snap.tags[0].pullCount,
          snap.digests[0].pullCount,
          snap.daily[0].pullCount,
        ],
        [2, 2, 2, 2],
      );
    }
  });

  it("when one batch pushes to 6 repositories, then each idempotent write name is one command and every tag names its digest", async () => {
    const names = Array.from({ length: 6 }, (_, i) => `pushes/r${i}`);
    await deliverCounted(names.map((name) => buildPush(name)));
    for (const name of ["tag.current", "tag.undelete", "digest.pusher", "digest.undelete"])
      assert.equal(commands.get(name), 1, `commands of "${name}"`);
    for (const name of names) {
      const snap = await snapshot(app, name);
      assert.equal(snap.repository?.numpushs, 1);
      assert.deepEqual(
        [snap.tags[0].pushCount, snap.tags[0].deleted, typeof snap.tags[0].digest],
        [1, false, "string"],
      );
      assert.equal(snap.digests[0].pusher, "alice");
    }
  });
});

describe("a large envelope is stored in a few group inserts", () => {
  const inserts = { count: 0 };
  let app: TestApp;
  before(async () => {
    const feature = createIngestFeature({
      faults: { beforeWrite: (step) => void (step === "ledger.insert" && (inserts.count += 1)) },
    });
    app = await startApp({ ingest: { max_body_bytes: 4 * 1024 * 1024 } }, { features: [feature] });
  });
  after(() => app.stop());

  it("when an envelope holds 600 pulls with some ids repeated, then a few inserts store them and each id counts once", async () => {
    await deliver(app, buildEnvelope([buildPush("big/app")]));
    const pulls = Array.from({ length: 590 }, (_, i) =>
      buildPull("big/app", { actor: { name: `u${i % 3}` } }),
    );
    const repeated = pulls.slice(0, 10);
    inserts.count = 0;
    const res = await deliver(app, buildEnvelope([...pulls, ...repeated]));
    assert.deepEqual(res.json, { received: 600, counted: 590, duplicates: 10, ignored: 0, rejected: 0 });
    // One insert per event before: 600. The journal takes at most 256 entries per insert.
    assert.ok(inserts.count <= 3, `expected at most 3 ledger inserts, got ${inserts.count}`);
    await markersCleared(app);
    const snap = await snapshot(app, "big/app");
    assert.equal(snap.repository?.numpulls, 590);
    assert.equal(snap.tags[0].pullCount, 590);
    assert.equal(snap.daily[0].pullCount, 590);
  });
});
