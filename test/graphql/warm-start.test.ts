// Restarts from the read model snapshot (read-model/warm-start.ts): lists come back from the snapshot
// plus the change log, not from reading every document, and a snapshot that no longer matches the
// database is not used.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { buildEnvelope } from "../support/builders";
import { startDrecProcess } from "../support/drec-process";
import { request } from "../support/http";
import { buildPull, EVENTS_V1, postEvents } from "../support/ingest-builders";
import { freePort } from "../support/registry";
import {
  startApp,
  TEST_INGEST_TOKEN,
  testDatabaseUri,
  uniqueDatabaseName,
  type TestApp,
} from "../support/harness";
import { waitFor } from "../support/wait";
import { captureLog } from "../support/log-capture";
import { gql } from "./http-client";

interface Listed {
  repositories: { totalCount: number; nodes: { name: string; pullCount: number }[] };
}
const LIST = `{ repositories(first: 50, orderBy: { field: NAME, direction: ASC }) { totalCount nodes { name pullCount } } }`;

function buildApp(database: string, log = captureLog(), snapshotSeconds = 300) {
  return startApp(
    {
      mongodb: { database },
      sync: { poll_ms: 50 },
      graphql: { read_model_snapshot_seconds: snapshotSeconds },
    },
    { log: log.log },
  ).then((app) => ({ app, lines: log.lines }));
}

/** Posts one pull of each repository to the app and expects them counted. */
async function ingest(app: TestApp, repositories: string[]): Promise<void> {
  const res = await postEvents(app, buildEnvelope(repositories.map((repository) => buildPull(repository))));
  assert.equal(res.status, 200, res.text);
}

async function names(app: TestApp): Promise<string[]> {
  const res = await gql<Listed>(app, LIST);
  assert.equal(res.body.errors, undefined);
  return res.body.data!.repositories.nodes.map((node) => `${node.name}:${node.pullCount}`);
}

const messages = (lines: string[]) => lines.map((line) => (JSON.parse(line) as { msg: string }).msg);

describe("read model: restarts from a snapshot", () => {
  const running: TestApp[] = [];
  after(async () => {
    await Promise.all(running.map((app) => app.stop()));
  });

  it("when drec restarts after another process ingested, then lists come from the snapshot caught up by the change log", async () => {
    const database = uniqueDatabaseName("warm");
    const first = await buildApp(database);
    await ingest(first.app, ["warm/a", "warm/b"]);
    assert.deepEqual(await names(first.app), ["warm/a:1", "warm/b:1"]);
    await first.app.stop();
    // While it is down, another process on the database changes more: only in the change log.
    const other = await buildApp(database);
    running.push(other.app);
    await ingest(other.app, ["warm/b", "warm/c"]);

    const second = await buildApp(database);
    running.push(second.app);
    assert.deepEqual(await names(second.app), ["warm/a:1", "warm/b:2", "warm/c:1"]);
    assert.ok(
      messages(second.lines).includes("repository read model restored from a snapshot"),
      second.lines.join("\n"),
    );
    assert.ok(!messages(second.lines).includes("repository read model loaded"));
    // Reports read the same restored model: namespaces and registry totals.
    const summary = await gql<{
      namespaces: { nodes: { name: string; repositoryCount: number; pullCount: number }[] };
      registry: { repositoryCount: number; pullCount: number };
    }>(
      second.app,
      `{ namespaces { nodes { name repositoryCount pullCount } } registry { repositoryCount pullCount } }`,
    );
    assert.equal(summary.body.errors, undefined);
    assert.deepEqual(summary.body.data, {
      namespaces: { nodes: [{ name: "warm", repositoryCount: 3, pullCount: 4 }] },
      registry: { repositoryCount: 3, pullCount: 4 },
    });
  });

  it("when the change log's head was reset (the database changed behind drec's back), then the start reads everything", async () => {
    const database = uniqueDatabaseName("cold");
    const first = await buildApp(database);
    await ingest(first.app, ["cold/a"]);
    assert.deepEqual(await names(first.app), ["cold/a:1"]);
    await first.app.stop();
    // An import behind drec's back, then the reset README "Scaling out" asks for.
    const second = await buildApp(database);
    running.push(second.app);
    await second.app.ctx.db.models.repositories.collection.insertOne({
      _id: "cold/b" as never,
      repositoryname: "cold/b",
      numpulls: 7,
    });
    await second.app.ctx.db.connection.db!.collection("drec_changes").deleteOne({ _id: "head" as never });
    await second.app.stop();
    running.pop();

    const third = await buildApp(database);
    running.push(third.app);
    assert.deepEqual(await names(third.app), ["cold/a:1", "cold/b:7"]);
    assert.ok(messages(third.lines).includes("repository read model loaded"), third.lines.join("\n"));
    assert.ok(!messages(third.lines).includes("repository read model restored from a snapshot"));
  });

  it("when drec is killed (no snapshot at shutdown), then the next start uses its last periodic snapshot and catches up from the change log", async () => {
    const database = uniqueDatabaseName("killed");
    const port = await freePort();
    const child = await startDrecProcess(
      {
        DREC_INGEST_TOKENS: TEST_INGEST_TOKEN,
        DREC_MONGODB_URI: testDatabaseUri(),
        DREC_MONGODB_DATABASE: database,
        DREC_GRAPHQL_READ_MODEL_SNAPSHOT_SECONDS: "1",
        DREC_INGEST_ACKNOWLEDGE: "applied",
      },
      port,
    );
    const helper = await buildApp(database, captureLog(), 0);
    running.push(helper.app);
    try {
      const res = await request(`${child.url}/events`, {
        method: "POST",
        ca: child.ca,
        headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, "content-type": EVENTS_V1 },
        body: JSON.stringify(buildEnvelope([buildPull("killed/a")])),
      });
      assert.equal(res.status, 200, res.text);
      // The child's periodic snapshot now holds its entry.
      const snapshots = helper.app.ctx.db.connection.db!.collection("drec_snapshots");
      await waitFor(async () => {
        const head = await snapshots.findOne({ _id: "read-model" as never });
        return Number(head?.seq) >= 1;
      }, 20_000);
    } finally {
      await child.kill();
    }
    // While it is down another process (writing no snapshots) changes more: only in the change log.
    await ingest(helper.app, ["killed/a", "killed/b"]);

    const next = await buildApp(database);
    running.push(next.app);
    assert.deepEqual(await names(next.app), ["killed/a:2", "killed/b:1"]);
    assert.ok(
      messages(next.lines).includes("repository read model restored from a snapshot"),
      next.lines.join("\n"),
    );
  });
});
