// The crash window between applying a batch and telling the other drec processes: the change log entry
// is written before the batch is marked applied, so a crash anywhere around it still ends with the other
// processes seeing the batch (through the entry, or the recovery that writes it), and the entry once.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Faults } from "../../src/ingest/ingest-deps";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import { CHANGES_COLLECTION } from "../../src/sync/change-log";
import { buildEnvelope } from "../support/builders";
import { Crash } from "../support/faults";
import { startApp, uniqueDatabaseName, type TestApp } from "../support/harness";
import { buildPull, buildPush, deliver, postEvents } from "../support/ingest-builders";
import { waitFor } from "../support/wait";
import { gql } from "../graphql/http-client";

const CLAIM_MS = 150;

/** Fails the next write of `step` before it is made, like a crash just before it; then lets all through. */
class CrashBefore implements Faults {
  armed: string | undefined;
  beforeWrite = (step: string) => {
    if (step !== this.armed) return;
    this.armed = undefined;
    throw new Error(`injected crash before ${step}`);
  };
}

/** Both kinds of crash, one armed at a time. */
function buildFaults(): { faults: Faults; before: CrashBefore; after: Crash } {
  const before = new CrashBefore();
  const after = new Crash();
  return {
    before,
    after,
    faults: {
      beforeWrite: (step) => {
        before.beforeWrite(step);
        return after.beforeWrite(step);
      },
      afterWrite: (step) => after.afterWrite(step),
    },
  };
}

async function pullCount(app: TestApp, name: string): Promise<number | undefined> {
  const res = await gql<{ repositories: { nodes: { name: string; pullCount: number }[] } }>(
    app,
    `{ repositories(first: 50) { nodes { name pullCount } } }`,
  );
  return res.body.data?.repositories.nodes.find((node) => node.name === name)?.pullCount;
}

describe("change log entries across a crash of the applying process", () => {
  const { faults, before: crashBefore, after: crashAfter } = buildFaults();
  let applying: TestApp;
  let watching: TestApp;
  before(async () => {
    const database = uniqueDatabaseName("crashlog");
    // The applying process abandons a failed batch, as a crashed one would: recovery must finish it.
    const ingest = createIngestFeature({ faults, claimMs: CLAIM_MS, applier: { onFailure: "abandon" } });
    applying = await startApp({ mongodb: { database } }, { features: [ingest] });
    // The watcher never re-reads in full: only the change log can tell it about the batch.
    watching = await startApp({
      mongodb: { database },
      graphql: { read_model_reload_seconds: 0 },
      sync: { poll_ms: 50 },
    });
  });
  after(async () => {
    await Promise.all([applying.stop(), watching.stop()]);
  });

  const cases: { name: string; arm: () => void }[] = [
    { name: "just before the change log entry", arm: () => (crashBefore.armed = "change-log") },
    { name: "after the entry, before the ledger mark", arm: () => crashAfter.arm("change-log") },
    { name: "after the ledger mark", arm: () => crashAfter.arm("ledger.applied") },
  ];
  for (const [i, { name, arm }] of cases.entries()) {
    it(`when the applying process crashes ${name} and the event is redelivered, then the other process shows the pull and the log holds the batch once`, async () => {
      const repository = `crashlog/r${i}`;
      assert.equal((await deliver(applying, buildEnvelope([buildPush(repository)]))).status, 200);
      await waitFor(async () => (await pullCount(watching, repository)) === 0, 10_000);
      const pull = buildPull(repository);
      arm();
      const crashed = await postEvents(applying, buildEnvelope([pull]));
      crashAfter.disarm();
      assert.equal(crashed.status, 500, "the crash fails the request");
      // Redelivered after the crashed claim lapses: recovery re-runs the batch if it was not marked.
      const res = await deliver(applying, buildEnvelope([pull]));
      assert.equal((res.json as { duplicates: number }).duplicates, 1);
      await waitFor(async () => (await pullCount(watching, repository)) === 1, 10_000);
      const ledger = await applying.ctx.db.models.events.findOne({ _id: pull.id }).lean<{ batch?: string }>();
      assert.equal(typeof ledger?.batch, "string");
      const entries = await applying.ctx.db.connection
        .db!.collection(CHANGES_COLLECTION)
        .countDocuments({ key: ledger!.batch });
      assert.equal(entries, 1);
    });
  }
});
