// drec_pulls_total / drec_pushes_total on GET /metrics: counted once when applied, labelled by namespace,
// bounded to metrics.namespace_labels namespaces plus "other".
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildEnvelope } from "../support/builders";
import { startApp, type TestApp } from "../support/harness";
import { buildPull, buildPush, deliver } from "../support/ingest-builders";

/** The series of a counter on /metrics, by namespace label. */
async function series(app: TestApp, name: string): Promise<Record<string, number>> {
  const res = await app.request("/metrics");
  const out: Record<string, number> = {};
  for (const match of res.text.matchAll(new RegExp(`^${name}\\{namespace="([^"]*)"\\} (\\d+)$`, "gm")))
    out[match[1]] = Number(match[2]);
  return out;
}

describe("usage metrics by namespace", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ metrics: { namespace_labels: 2 } });
  });
  after(() => app.stop());

  it("when pulls and pushes are applied across four namespaces, then two have their own label and the rest count as other", async () => {
    const events = [
      buildPush("team/app"),
      buildPull("team/app"),
      buildPull("team/api"),
      buildPush("ops/tool"),
      buildPull("ops/tool"),
      buildPull("misc/x"),
      buildPush("lonely"),
    ];
    for (const event of events) await deliver(app, buildEnvelope([event]));
    assert.deepEqual(await series(app, "drec_pulls_total"), { team: 2, ops: 1, other: 1 });
    assert.deepEqual(await series(app, "drec_pushes_total"), { team: 1, ops: 1, other: 1 });
  });

  it("when an event is redelivered, then the counters do not move", async () => {
    const pull = buildPull("team/app", { timestamp: "2026-11-27T02:00:00Z" });
    await deliver(app, buildEnvelope([pull]));
    const once = await series(app, "drec_pulls_total");
    const res = await deliver(app, buildEnvelope([pull]));
    assert.equal((res.json as { duplicates: number }).duplicates, 1);
    assert.deepEqual(await series(app, "drec_pulls_total"), once);
    assert.equal(once.team, 3);
  });
});
