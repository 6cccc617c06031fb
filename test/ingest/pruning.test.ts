// Retention of the raw event log and of dead letters (FerretDB has no TTL indexes).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import { startApp } from "../support/harness";
import { waitFor } from "../support/wait";

const DAY = 24 * 60 * 60 * 1000;

describe("pruning the event log", () => {
  it("when drec has started, then applied events and dead letters older than retention_days go and the rest stay", async () => {
    const seed = await startApp();
    const { events, deadLetters } = seed.ctx.db.models;
    const ago = (days: number) => new Date(Date.now() - days * DAY);
    const entry = (id: string, state: "applied" | "pending", days: number) => ({
      _id: id,
      state,
      receivedAt: ago(days),
      repository: "team/app",
      action: "push",
      kind: "push",
      timestamp: ago(days),
      event: {},
      // a pending entry claimed far in the future stays pending through the startup recovery
      ...(state === "pending" ? { claimedBy: "someone", claimedUntil: new Date(Date.now() + DAY) } : {}),
    });
    await events.create([
      entry("old-applied", "applied", 31),
      entry("recent-applied", "applied", 29),
      entry("old-pending", "pending", 40),
    ]);
    await deadLetters.create([
      { receivedAt: ago(31), reason: "old", event: {} },
      { receivedAt: ago(1), reason: "recent", event: {} },
    ]);
    await seed.stop();

    // The first pruning waits 10 minutes after a start by default; here it runs at once.
    const app = await startApp(
      { ingest: { retention_days: 30 }, mongodb: { database: seed.config.mongodb.database } },
      { features: [createIngestFeature({ maintenanceDelayMs: 0 })] },
    );
    try {
      // Pruning runs in the background after start (a full scan on the embedded database).
      const eventIds = async () =>
        (await app.ctx.db.models.events.find({}, { _id: 1 }).lean()).map((e) => e._id).sort();
      const reasonsLeft = async () =>
        (await app.ctx.db.models.deadLetters.find({}).lean()).map((d) => d.reason);
      await waitFor(
        async () => (await eventIds()).length === 2 && (await reasonsLeft()).length === 1,
        20_000,
        {
          describe: () => "the old applied entry or the old dead letter was never pruned",
        },
      );
      const ids = await eventIds();
      assert.deepEqual(
        ids,
        ["old-pending", "recent-applied"],
        "pending entries stay until recovery completes them",
      );
      assert.deepEqual(await reasonsLeft(), ["recent"]);
    } finally {
      await app.stop();
    }
  });
});
