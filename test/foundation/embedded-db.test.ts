import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MongoClient } from "mongodb";
import pino from "pino";
import { ensureBinary } from "../../src/store/embedded/build";
import { launchEmbedded } from "../../src/store/embedded/launcher";
import { startApp, tempDir } from "../support/harness";

const log = pino({ level: "silent" });

describe("embedded database", () => {
  it("when started, then it listens on loopback and stores data that survives a restart", async () => {
    const binary = await ensureBinary();
    const dir = tempDir("drec-db-");
    const first = await launchEmbedded({ binary, dir, port: 0, log });
    assert.match(first.uri, /^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    let client = await MongoClient.connect(first.uri);
    await client.db("persist").collection("c").insertOne({ kept: true });
    await client.close();
    await first.stop();

    const second = await launchEmbedded({ binary, dir, port: 0, log });
    client = await MongoClient.connect(second.uri);
    assert.equal(await client.db("persist").collection("c").countDocuments({ kept: true }), 1);
    await client.close();
    await second.stop();
  });

  it("when one update command carries 150 statements, then it answers it and serves other clients", async () => {
    const binary = await ensureBinary();
    const first = await launchEmbedded({ binary, dir: tempDir("drec-db-"), port: 0, log });
    // Unpatched, statement 101 waited for a pool connection forever: the timeout turns that into a failure.
    const client = await MongoClient.connect(first.uri, { timeoutMS: 60_000 });
    try {
      const collection = client.db("many").collection<{ _id: string; n?: number }>("c");
      const incrementAll = () =>
        collection.bulkWrite(
          Array.from({ length: 150 }, (_, i) => ({
            updateOne: { filter: { _id: `d${i}` }, update: { $inc: { n: 1 } }, upsert: true },
          })),
          { ordered: false },
        );
      assert.equal((await incrementAll()).upsertedCount, 150);
      // The documents exist now: each statement's query finds one and stops, holding its connection.
      assert.equal((await incrementAll()).modifiedCount, 150);
      const other = await MongoClient.connect(first.uri, { timeoutMS: 60_000 });
      assert.equal(await other.db("many").collection("c").countDocuments({ n: 2 }), 150);
      await other.close();
    } finally {
      await client.close();
      await first.stop();
    }
  });

  it("when a query names repositories, then SQLite answers it from drec's repository index with the same documents", async () => {
    const binary = await ensureBinary();
    const db = await launchEmbedded({ binary, dir: tempDir("drec-db-"), port: 0, log });
    const client = await MongoClient.connect(db.uri, { timeoutMS: 60_000 });
    try {
      const tags = client.db("pushdown").collection<{ _id: string; repository: string; tag: string }>("tags");
      // The shape of drec's tag index (src/store/models/tag.model.ts).
      await tags.createIndex({ repository: 1, tag: 1 }, { unique: true });
      await tags.insertMany(
        ["a/x", "a/y", "b/x", "c/z"].map((name) => {
          const [repository, tag] = name.split("/");
          return { _id: name, repository, tag };
        }),
      );
      for (const filter of [{ repository: "a" }, { repository: { $in: ["a", "c"] }, tag: { $ne: "y" } }]) {
        const plan = await tags.find(filter).explain();
        assert.equal(plan.filterPushdown, true, JSON.stringify(filter));
        const lines = (plan.queryPlanner as { Plan?: string[] }).Plan ?? [];
        assert.ok(
          lines.some((line) => line.includes("USING INDEX")),
          `${JSON.stringify(filter)}: ${lines.join("; ")}`,
        );
      }
      const ids = async (filter: object) => (await tags.find(filter).toArray()).map((d) => d._id).sort();
      assert.deepEqual(await ids({ repository: "a" }), ["a/x", "a/y"]);
      assert.deepEqual(await ids({ repository: { $in: ["a", "c"] }, tag: { $ne: "y" } }), ["a/x", "c/z"]);
      // Not pushed down (not a string): still answered, by a scan.
      assert.deepEqual(await ids({ repository: { $regex: "^b" } }), ["b/x"]);
    } finally {
      await client.close();
      await db.stop();
    }
  });

  it("when a second instance uses the same data dir, then it fails with a clear error", async () => {
    const binary = await ensureBinary();
    const dir = tempDir("drec-db-");
    const first = await launchEmbedded({ binary, dir, port: 0, log });
    try {
      await assert.rejects(
        launchEmbedded({ binary, dir, port: 0, log }),
        /data directory .* is in use by another process/,
      );
    } finally {
      await first.stop();
    }
  });

  it("when drec runs without mongodb.uri, then it starts the embedded database in embedded.dir and stops it on stop()", async () => {
    const dir = tempDir("drec-embedded-");
    const app = await startApp({ mongodb: { uri: "", embedded: { dir } } });
    const uri = app.ctx.db.embedded?.uri;
    assert.ok(uri, "the embedded database was started");
    assert.equal((await app.request("/readyz")).status, 200);
    await app.stop();
    await assert.rejects(MongoClient.connect(uri, { serverSelectionTimeoutMS: 500 }));
  });
});
