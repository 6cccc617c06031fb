// A recovery interrupted by a real outage: the database process is SIGKILLed right after a restarted drec
// claimed a crashed process's acknowledged event and before it read what it took. The claim is now the
// new process's own, which its periodic recovery skips and other processes take for live; the soak found
// such an event pending for good. It must still be counted, once, without any redelivery.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import type { Faults } from "../../src/ingest/ingest-deps";
import { buildEnvelope } from "../support/builders";
import { startDbProcess, type DbProcess } from "../support/db-process";
import { Crash } from "../support/faults";
import { startApp, uniqueDatabaseName, type TestApp } from "../support/harness";
import { buildPull, postEvents, snapshot } from "../support/ingest-builders";
import { waitFor } from "../support/wait";

/** SIGKILLs the database process once, right after the first write of `step` went through. */
class KillDatabaseAfter implements Faults {
  killed = false;
  constructor(
    private readonly db: DbProcess,
    private readonly step: string,
  ) {}
  afterWrite = async (step: string) => {
    if (step !== this.step || this.killed) return;
    this.killed = true;
    await this.db.kill();
  };
}

describe("ledger recovery when the database dies between claiming and reading an event", () => {
  let db: DbProcess;
  let crashed: TestApp | undefined;
  let restarted: TestApp | undefined;
  const database = uniqueDatabaseName("recovery-outage");

  before(async () => {
    db = await startDbProcess();
  });
  after(async () => {
    await crashed?.stop().catch(() => undefined);
    await restarted?.stop().catch(() => undefined);
    await db?.stop();
  });

  it("when a restarted process's recovery is cut off after its claim, then the acknowledged event is still counted once", async () => {
    const mongodb = { uri: db.uri, database };
    // The first process stores the event (200) and dies before applying it: its batch fails and is
    // left pending, claimed by it for 1 ms, as a SIGKILLed process leaves it.
    const crash = new Crash();
    crash.arm("ledger.batch");
    crashed = await startApp(
      { mongodb, ingest: { acknowledge: "stored" } },
      { features: [createIngestFeature({ claimMs: 1, applier: { onFailure: "abandon" }, faults: crash })] },
    );
    const repository = "recovery/outage";
    const res = await postEvents(crashed, buildEnvelope([buildPull(repository)]));
    assert.equal(res.status, 200, res.text);
    await waitFor(() => crash.crashed, 10_000, { describe: () => "the batch never reached its claim" });
    await crashed.stop();
    crashed = undefined;

    // The next process claims it at start; the database dies right after that claim. The periodic
    // recovery is an hour away, so only the retry of the unfinished recovery can count the event.
    const kill = new KillDatabaseAfter(db, "ledger.claim");
    restarted = await startApp(
      { mongodb },
      { features: [createIngestFeature({ faults: kill, recoveryIntervalMs: 3_600_000 })] },
    );
    assert.equal(kill.killed, true, "the database was killed during the start's recovery");
    await db.restart();

    const app = restarted;
    const counted = await waitFor(
      async () => {
        const { repository: doc } = await snapshot(app, repository);
        return doc && doc.numpulls === 1 ? doc : undefined;
      },
      30_000,
      { describe: () => "the acknowledged pull was never counted" },
    );
    assert.equal(counted.numpulls, 1);
    // The ledger entry is marked applied after the batch's last statistic is written: the count can be
    // seen a moment before the mark. Wait for the mark (bounded), then the count must still be one.
    const entry = await waitFor(
      async () => {
        const found = await app.ctx.db.models.events.findOne({ repository }).lean();
        return found?.state === "applied" ? found : undefined;
      },
      30_000,
      { describe: () => "the recovered entry was never marked applied" },
    );
    assert.equal(entry.state, "applied");
    const { repository: final } = await snapshot(app, repository);
    assert.equal(final?.numpulls, 1, "counted once, not again by a later recovery");
  });
});
