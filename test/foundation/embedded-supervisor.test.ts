// The embedded database's supervisor under real faults: a SIGKILL of the FerretDB process while drec
// runs, and a database that keeps failing to start.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { MongoClient } from "mongodb";
import pino from "pino";
import { ensureBinary } from "../../src/store/embedded/build";
import { superviseEmbedded } from "../../src/store/embedded/supervisor";
import { gql } from "../graphql/http-client";
import { buildEnvelope } from "../support/builders";
import { startApp, tempDir } from "../support/harness";
import { buildPull, deliver } from "../support/ingest-builders";
import { waitFor } from "../support/wait";

/** A pino logger whose lines land in `lines`, parsed. */
function capturingLog(lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: "info" }, sink);
}

/** The value of an unlabelled metric in Prometheus text. */
function metric(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
  return match ? Number(match[1]) : undefined;
}

describe("embedded database supervision", () => {
  it("when the embedded FerretDB is killed with SIGKILL, then drec restarts it and ingest and GraphQL work again", async () => {
    const dir = tempDir("drec-supervised-");
    const app = await startApp({ mongodb: { uri: "", embedded: { dir } } });
    const embedded = app.ctx.db.embedded;
    const uri = embedded?.uri ?? "";
    try {
      assert.ok(embedded?.pid, "drec started the embedded database");
      const before = await deliver(app, buildEnvelope([buildPull("sup/app")]));
      assert.equal((before.json as { counted: number }).counted, 1);

      const killed = embedded.pid;
      process.kill(killed, "SIGKILL");
      await waitFor(() => embedded.restarts === 1 && embedded.pid !== undefined, 30_000);
      assert.notEqual(embedded.pid, killed);
      assert.equal(embedded.uri, uri, "same port, so the connection string is unchanged");

      // The same drec process, no restart: the driver finds the database again on its own.
      await waitFor(async () => (await app.request("/readyz")).status === 200, 30_000);
      const after = await deliver(app, buildEnvelope([buildPull("sup/app")]));
      assert.equal((after.json as { counted: number }).counted, 1);
      const res = await gql<{ repository: { pullCount: number } }>(
        app,
        '{ repository(name: "sup/app") { pullCount } }',
      );
      assert.equal(res.body.data?.repository.pullCount, 2);

      const metrics = (await app.request("/metrics")).text;
      assert.equal(metric(metrics, "drec_embedded_db_restarts_total"), 1);
      assert.equal(metric(metrics, "drec_embedded_db_up"), 1);
    } finally {
      await app.stop();
    }
    // Stopped with drec, and not restarted.
    assert.equal(embedded?.pid, undefined);
    await assert.rejects(MongoClient.connect(uri, { serverSelectionTimeoutMS: 500 }));
  });

  it("when the database keeps failing to start, then the supervisor backs off up to its bound, resumes once it starts, and stop() ends it", async () => {
    const binary = await ensureBinary();
    const scratch = tempDir("drec-crashing-");
    const broken = path.join(scratch, "broken");
    // Starts the real database unless the marker file exists: a database that cannot start until an
    // operator fixes what is wrong (here: removes the marker).
    const wrapper = path.join(scratch, "drec-ferretdb-wrapper");
    fs.writeFileSync(
      wrapper,
      `#!/bin/sh\nif [ -e "${broken}" ]; then echo "drec-ferretdb: simulated start failure" >&2; exit 1; fi\nexec "${binary}" "$@"\n`,
      { mode: 0o755 },
    );
    const lines: Record<string, unknown>[] = [];
    const backoff = { initialMs: 20, maxMs: 160, stableMs: 60_000 };
    const db = await superviseEmbedded({
      binary: wrapper,
      dir: path.join(scratch, "data"),
      port: 0,
      log: capturingLog(lines),
      backoff,
    });
    // Read through a function: the assertions below narrow db.pid for the type checker.
    const runningPid = () => db.pid as number;
    try {
      fs.writeFileSync(broken, "");
      process.kill(runningPid(), "SIGKILL");
      const failures = () => lines.filter((l) => l.msg === "embedded database did not start; retrying");
      await waitFor(() => failures().length >= 5, 30_000);
      assert.equal(db.pid, undefined, "down while it cannot start");
      // A crash soon after a start doubles the initial wait; each failed start doubles it again, to the bound.
      assert.deepEqual(
        failures()
          .slice(0, 5)
          .map((l) => l.retryInMs),
        [80, 160, 160, 160, 160],
      );
      assert.match(String(failures()[0].err), /simulated start failure/);
      assert.ok(lines.some((l) => l.msg === "embedded database exited; restarting it in 40 ms"));

      fs.rmSync(broken);
      await waitFor(() => db.restarts === 1 && db.pid !== undefined, 30_000);
      const client = await MongoClient.connect(db.uri, { serverSelectionTimeoutMS: 5000 });
      await client.db("supervised").command({ ping: 1 });
      await client.close();

      // Killed again, but stopped during the backoff: nothing starts afterwards.
      fs.writeFileSync(broken, "");
      process.kill(runningPid(), "SIGKILL");
      await waitFor(() => db.pid === undefined, 30_000);
    } finally {
      await db.stop();
    }
    const attempts = lines.length;
    await sleep(4 * backoff.maxMs);
    assert.equal(lines.length, attempts, "no restart attempt after stop()");
    assert.equal(db.pid, undefined);
  });
});
