// A real outage: the database process is SIGKILLed while a registry-like sender streams events, stays
// down while the sender keeps retrying, and comes back on the same data directory and port. Whatever
// drec answered 2xx must be counted exactly once; everything else must have been a 503 + Retry-After.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildEnvelope, buildEvent, type RawEnvelope, type RawEvent } from "../support/builders";
import { startDbProcess, type DbProcess } from "../support/db-process";
import { startApp, type TestApp } from "../support/harness";
import { buildPull, buildPush, postEvents } from "../support/ingest-builders";
import { sendLikeRegistry, type Answer } from "../support/registry-sender";
import { waitFor } from "../support/wait";

const REPOSITORIES = ["outage/a", "outage/b", "outage/c", "outage/d"];

interface Expected {
  pushes: Map<string, number>;
  pulls: Map<string, number>;
  events: number;
}

// Mostly one event per request, as distribution sends them; every 7th carries three, so an envelope
// can fail halfway (its first events stored) and be retried whole.
function stream(envelopes: number): { envelopes: RawEnvelope[]; expected: Expected } {
  const expected: Expected = { pushes: new Map(), pulls: new Map(), events: 0 };
  const out: RawEnvelope[] = [];
  let n = 0;
  const event = (): RawEvent => {
    n += 1;
    const repository = REPOSITORIES[n % REPOSITORIES.length];
    const push = n % 3 === 0;
    const counts = push ? expected.pushes : expected.pulls;
    counts.set(repository, (counts.get(repository) ?? 0) + 1);
    expected.events += 1;
    return push ? buildPush(repository, { target: { tag: `t${n % 5}` } }) : buildPull(repository);
  };
  for (let i = 0; i < envelopes; i += 1)
    out.push(buildEnvelope(i % 7 === 6 ? [event(), event(), event()] : [event()]));
  return { envelopes: out, expected };
}

const isOk = (a: Answer) => a.status >= 200 && a.status < 300;

// Both answers a registry can be given: once the event is stored (default), once it is applied.
for (const acknowledge of ["stored", "applied"] as const) {
  describe(`ingest (acknowledge: ${acknowledge}) while the database process is killed and restarted`, () => {
    let db: DbProcess;
    let app: TestApp;
    before(async () => {
      db = await startDbProcess();
      app = await startApp({ mongodb: { uri: db.uri }, ingest: { acknowledge } });
    });
    after(async () => {
      await app?.stop();
      await db?.stop();
    });

    it("when the database is SIGKILLed mid-stream and restarted, then every 2xx event is counted exactly once and the rest got 503 with Retry-After", async (t) => {
      const { envelopes, expected } = stream(150);
      let phase = "up";
      const sender = sendLikeRegistry(envelopes, {
        url: `${app.url}${app.config.server.route}`,
        ca: app.ca,
        concurrency: 6,
        backoffMs: 50,
        maxAttempts: 600,
        phase: () => phase,
      });
      const failed = sender.done.catch((err: unknown) => err);
      await waitFor(() => sender.accepted.size >= 40, 60_000);
      await db.kill();
      phase = "down";
      // Keep sending while it is down: requests sent and answered in the outage must all be refused.
      const downRefusals = () => sender.answers.filter((a) => a.sent === "down" && a.phase === "down");
      await waitFor(() => downRefusals().length >= 20, 60_000);
      await db.restart();
      phase = "restarted";
      assert.equal(await failed, undefined, "every envelope was accepted in the end");

      const down = downRefusals();
      assert.deepEqual(
        down.filter((a) => a.status !== 503 || a.retryAfter === undefined),
        [],
        "every request sent and answered while the database was down got 503 with Retry-After",
      );
      assert.deepEqual(
        sender.answers.filter((a) => !isOk(a) && a.status !== 503),
        [],
        "no 500s and no dropped connections: drec itself stayed up",
      );
      for (const [index, answer] of sender.accepted) {
        const summary = answer.body as { counted: number; duplicates: number };
        assert.equal(
          summary.counted + summary.duplicates,
          envelopes[index].events.length,
          `envelope ${index}`,
        );
      }

      const duplicates = [...sender.accepted.values()].filter(
        (a) => (a.body as { duplicates: number }).duplicates > 0,
      ).length;
      t.diagnostic(
        `${envelopes.length} envelopes, ${expected.events} events, ${sender.answers.length} answers: ` +
          `${sender.answers.filter((a) => a.status === 503).length} × 503 (${down.length} sent and answered ` +
          `while down), ${duplicates} accepted as duplicates after a failed attempt`,
      );
      const models = app.ctx.db.models;
      await waitFor(async () => (await models.events.countDocuments({ state: "pending" })) === 0, 120_000);
      assert.equal(await models.events.countDocuments({}), expected.events, "each event in the ledger once");
      const stats = await models.repositories
        .find({ repositoryname: { $in: REPOSITORIES } }, { repositoryname: 1, numpushs: 1, numpulls: 1 })
        .lean<{ repositoryname: string; numpushs: number; numpulls: number }[]>();
      const counted = (field: "numpushs" | "numpulls") =>
        Object.fromEntries(stats.map((s) => [s.repositoryname, s[field]]));
      assert.deepEqual(counted("numpushs"), Object.fromEntries(expected.pushes), "pushes, each once");
      assert.deepEqual(counted("numpulls"), Object.fromEntries(expected.pulls), "pulls, each once");
    });

    it("when an event that cannot be interpreted arrives while the database is down, then it gets 503, not 200 rejected", async () => {
      await db.kill();
      try {
        const invalid: Partial<RawEvent> = buildEvent();
        delete invalid.id;
        const res = await postEvents(app, buildEnvelope([invalid]));
        assert.equal(res.status, 503);
        assert.equal(res.headers["retry-after"], "5");
      } finally {
        await db.restart();
      }
    });
  });
}
