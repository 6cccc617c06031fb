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
