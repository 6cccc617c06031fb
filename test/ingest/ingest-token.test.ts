// The generated ingest token: made once, stored 0600 under the data directory, reused, shown once as a
// registry config block, and never written to the logs.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import pino from "pino";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import { TOKEN_FILE } from "../../src/ingest/ingest-token";
import { start, type Running } from "../../src/server";
import { buildEnvelope } from "../support/builders";
import { buildConfig, tempDir } from "../support/harness";
import { request, type TestResponse } from "../support/http";

/** A drec started with a capturing logger and a capturing print hook. */
interface Started {
  running: Running;
  printed: string[];
  logs: string[];
  post(token: string | undefined): Promise<TestResponse>;
}

async function startWithCapture(dataDir: string): Promise<Started> {
  const config = buildConfig({
    ingest: { tokens: [] },
    mongodb: { embedded: { dir: dataDir } },
    log: { level: "trace" },
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const printed: string[] = [];
  const feature = createIngestFeature({ print: (text) => printed.push(text) });
  const log = pino(
    { level: "trace", redact: { paths: ["req.headers.authorization"], censor: "<redacted>" } },
    sink,
  );
  const running = await start(config, { log, features: [feature] });
  const ca = fs.readFileSync(config.server.ssl.cert, "utf8");
  const post = (token: string | undefined) =>
    request(`https://127.0.0.1:${running.port}${config.server.route}`, {
      method: "POST",
      ca,
      headers: {
        "content-type": "application/json",
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(buildEnvelope([])),
    });
  return { running, printed, logs, post };
}

describe("the generated ingest token", () => {
  it("when no token is configured, then one is generated, stored 0600, shown once, reused and never logged", async () => {
    const dataDir = path.join(tempDir(), "data");
    const first = await startWithCapture(dataDir);
    let token: string;
    try {
      const file = path.join(dataDir, TOKEN_FILE);
      token = fs.readFileSync(file, "utf8").trim();
      assert.match(token, /^[A-Za-z0-9_-]{43}$/, "32 random bytes, base64url");
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);

      assert.equal(first.printed.length, 1);
      const block = first.printed[0];
      assert.ok(block.includes(`url: https://127.0.0.1:${first.running.port}/events`), block);
      assert.ok(block.includes(`Authorization: [Bearer ${token}]`), block);
      assert.match(block, /^notifications:$/m);

      assert.equal((await first.post(token)).status, 200);
      assert.equal((await first.post(undefined)).status, 401);
      assert.equal((await first.post("not-the-generated-token-at-all")).status, 401);
    } finally {
      await first.running.stop();
    }

    const second = await startWithCapture(dataDir);
    try {
      assert.deepEqual(second.printed, [], "the block is shown only when the token is created");
      assert.equal((await second.post(token)).status, 200, "the stored token is reused");
    } finally {
      await second.running.stop();
    }

    const logs = [...first.logs, ...second.logs].join("");
    assert.ok(logs.includes("ingest token loaded"), "the logs were captured");
    assert.ok(!logs.includes(token), "the token never reaches the logs");
  });

  it("when tokens are configured, then no token file is made and nothing is shown", async () => {
    const dataDir = path.join(tempDir(), "data");
    const config = buildConfig({ mongodb: { embedded: { dir: dataDir } } });
    const printed: string[] = [];
    const running = await start(config, {
      log: pino({ level: "silent" }),
      features: [createIngestFeature({ print: (text) => printed.push(text) })],
    });
    await running.stop();
    assert.deepEqual(printed, []);
    assert.equal(fs.existsSync(path.join(dataDir, TOKEN_FILE)), false);
  });

  it("when the token file is readable by others, then its mode is tightened to 0600", async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, TOKEN_FILE);
    fs.writeFileSync(file, "a-hand-made-token-0123456789\n", { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const started = await startWithCapture(dataDir);
    try {
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal((await started.post("a-hand-made-token-0123456789")).status, 200);
      assert.deepEqual(started.printed, []);
    } finally {
      await started.running.stop();
    }
  });
});
