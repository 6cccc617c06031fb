// Every source format through the real HTTP route into the real database: what each counts, that a
// redelivery is a duplicate, that sources never merge, and that bad input gets a 4xx.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp, TEST_INGEST_TOKEN, type TestApp } from "../support/harness";
import { snapshot } from "../support/ingest-builders";
import { loadFixture, postFixture, type Credential } from "../support/source-fixtures";

const HARBOR = "harbor-token-0123456789abcdef";
const HARBOR_CE = "harbor-ce-token-0123456789abcd";
const ZOT = "zot-token-0123456789abcdefgh";
const DIST = "distribution-token-0123456789";

const DEFAULT: Credential = { bearer: TEST_INGEST_TOKEN };
const AS_HARBOR: Credential = { bearer: HARBOR };
const AS_HARBOR_CE: Credential = { bearer: HARBOR_CE };
const AS_ZOT: Credential = { basic: ["zot", ZOT] };

const D1 = "sha256:dde8e930c7b6a490f728e66292bc9bce42efc9bbb5278bae40e4f30f6e00fe8c";

function summary(res: { status: number; json: unknown; text: string }) {
  assert.equal(res.status, 200, res.text);
  return res.json as {
    received: number;
    counted: number;
    duplicates: number;
    ignored: number;
    rejected: number;
  };
}

/** An app with the default source (TEST_INGEST_TOKEN, auto) and one source per format. */
const startWithSources = () =>
  startApp({
    ingest: {
      sources: [
        { name: "harbor", tokens: [HARBOR], format: "harbor" },
        { name: "harbor-ce", tokens: [HARBOR_CE], format: "cloudevents" },
        { name: "zot", tokens: [ZOT], format: "cloudevents" },
        { name: "dist", tokens: [DIST], format: "distribution" },
      ],
    },
  });

const errorMessage = (json: unknown) => (json as { error: { message: string } }).error.message;

describe("ingest sources and their formats", () => {
  let app: TestApp;
  before(async () => {
    app = await startWithSources();
  });
  after(() => app.stop());

  const post = (format: string, name: string, credential: Credential, body?: unknown) =>
    postFixture(app, loadFixture(format, name), credential, body);

  it("when Harbor posts a push, pulls by tag and by digest and a delete, then they count as a push and two pulls and delete the artifact", async () => {
    for (const name of [
      "push-artifact",
      "pull-artifact-by-tag",
      "pull-artifact-by-digest",
      "delete-artifact",
    ])
      assert.equal(summary(await post("harbor", name, AS_HARBOR)).counted, 1, name);
    const snap = await snapshot(app, "harbor:library/busybox");
    assert.equal(snap.repository?.numpushs, 1);
    assert.equal(snap.repository?.numpulls, 2);
    assert.deepEqual(snap.repository?.actors, [
      "admin",
      "robot$library+ci",
      "robot$library+scanner-Trivy-51fe4548-bbe5-11ed-9217-0242ac14000d",
    ]);
    assert.deepEqual(
      snap.tags.map((t) => [t.tag, t.pushCount, t.pullCount, t.deleted]),
      // The pull by digest is credited to the tag that points at it, as for distribution.
      [["1.36", 1, 2, true]],
    );
    assert.deepEqual(
      snap.digests.map((d) => [d.digest, d.pullCount, d.deleted]),
      [[D1, 2, true]],
    );
    assert.equal(snap.repository?.firstpushed, "2026-12-01T00:00:00.000Z");
  });

  it("when Harbor redelivers a payload, then its derived id makes it a duplicate and nothing counts twice", async () => {
    const again = summary(await post("harbor", "pull-artifact-by-tag", AS_HARBOR));
    assert.deepEqual(again, { received: 1, counted: 0, duplicates: 1, ignored: 0, rejected: 0 });
    assert.equal((await snapshot(app, "harbor:library/busybox")).repository?.numpulls, 2);
  });

  it("when Harbor posts an event type drec does not count, then it is answered as ignored", async () => {
    const res = summary(await post("harbor", "scanning-completed", AS_HARBOR));
    assert.deepEqual(res, { received: 1, counted: 0, duplicates: 0, ignored: 1, rejected: 0 });
  });

  it("when a Harbor push lacks its repository, then it is a dead letter naming the source and the field", async () => {
    const body = structuredClone(loadFixture("harbor", "push-artifact").body) as {
      occur_at: number;
      event_data: { repository?: unknown };
    };
    delete body.event_data.repository;
    body.occur_at += 1;
    assert.equal(summary(await post("harbor", "push-artifact", AS_HARBOR, body)).rejected, 1);
    const letter = await app.ctx.db.models.deadLetters.findOne({ source: "harbor" }).lean();
    assert.equal(letter?.reason, "missing event_data.repository.repo_full_name");
  });

  it("when Harbor posts CloudEvents, then they count like its default payload and the CloudEvents id deduplicates", async () => {
    for (const name of [
      "artifact-pushed",
      "artifact-pulled-by-tag",
      "artifact-pulled-by-digest",
      "artifact-deleted",
    ])
      assert.equal(summary(await post("harbor-cloudevents", name, AS_HARBOR_CE)).counted, 1, name);
    const again = summary(await post("harbor-cloudevents", "artifact-pulled-by-tag", AS_HARBOR_CE));
    assert.equal(again.duplicates, 1);
    assert.equal(summary(await post("harbor-cloudevents", "scan-completed", AS_HARBOR_CE)).ignored, 1);
    const snap = await snapshot(app, "harbor-ce:library/busybox");
    assert.equal(snap.repository?.numpushs, 1);
    assert.equal(snap.repository?.numpulls, 2);
    assert.deepEqual(
      snap.digests.map((d) => [d.pullCount, d.deleted]),
      [[2, true]],
    );
    assert.equal(
      (
        await app.ctx.db.models.events
          .findOne({ _id: "harbor-ce:4b2f89a6-548d-4c12-9993-a1f5790b97d2" })
          .lean()
      )?.source,
      "harbor-ce",
    );
  });

  it("when the default source gets CloudEvents in binary and batched mode, then auto reads both", async () => {
    assert.equal(summary(await post("cloudevents", "binary-mode", DEFAULT)).counted, 1);
    const batch = summary(await post("cloudevents", "batched-mode", DEFAULT));
    assert.deepEqual(batch, { received: 2, counted: 2, duplicates: 0, ignored: 0, rejected: 0 });
    const snap = await snapshot(app, "library/busybox");
    assert.equal(snap.repository?.numpushs, 1);
    assert.equal(snap.repository?.numpulls, 2);
    assert.deepEqual(
      snap.tags.map((t) => [t.tag, t.pushCount ?? 0, t.pullCount]),
      [
        ["1.36", 0, 1],
        ["1.37", 1, 1],
      ],
    );
  });

  it("when zot posts its events with Basic auth, then pushes count, a delete deletes the tag, and the rest is ignored", async () => {
    const results = [];
    for (const name of [
      "repository-created",
      "image-updated-by-digest",
      "image-updated-by-tag",
      "image-lint-failed",
      "image-deleted-by-tag",
    ])
      results.push(summary(await post("zot", name, AS_ZOT)));
    assert.deepEqual(
      results.map((r) => [r.counted, r.ignored]),
      [
        [0, 1],
        [1, 0],
        [1, 0],
        [0, 1],
        [1, 0],
      ],
    );
    assert.equal(summary(await post("zot", "image-updated-by-tag", AS_ZOT)).duplicates, 1);
    const snap = await snapshot(app, "zot:team/app");
    assert.equal(snap.repository?.numpushs, 1);
    assert.equal(snap.repository?.numpulls, 0);
    assert.deepEqual(
      snap.tags.map((t) => [t.tag, t.pushCount, t.deleted]),
      [["v1", 1, true]],
    );
    assert.equal(snap.digests.length, 2, "the untagged manifest and the tagged one are recorded");
  });

  it("when ACR posts single events without an envelope, then the push and delete count and a chart push is ignored", async () => {
    assert.equal(summary(await post("acr", "push", DEFAULT)).counted, 1);
    assert.equal(summary(await post("acr", "delete", DEFAULT)).counted, 1);
    assert.equal(summary(await post("acr", "chart-push", DEFAULT)).ignored, 1);
    const snap = await snapshot(app, "hello-world");
    assert.equal(snap.repository?.numpushs, 1);
    assert.deepEqual(
      snap.tags.map((t) => [t.tag, t.deleted]),
      [["v1", true]],
    );
  });

  it("when the same repository name comes from two sources, then they stay two repositories", async () => {
    assert.equal(summary(await post("harbor", "push-artifact", DEFAULT)).counted, 1);
    const bare = await snapshot(app, "library/busybox");
    const harbor = await snapshot(app, "harbor:library/busybox");
    assert.equal(bare.repository?.numpushs, 2, "the default source's CloudEvents push and this Harbor push");
    assert.equal(harbor.repository?.numpushs, 1, "the harbor source's push only");
    assert.equal(bare.repository?._id, undefined, "snapshots drop _id");
    const doc = await app.ctx.db.models.repositories.findOne({ repositoryname: "library/busybox" }).lean();
    assert.equal(doc?._id, "library/busybox", "the default source keeps bare names as _id");
  });

  it("when events are counted per source, then /metrics names the source", async () => {
    const res = await app.request("/metrics");
    assert.match(res.text, /^drec_ingest_events_total\{outcome="counted",kind="push",source="harbor"\} 1$/m);
    assert.match(res.text, /^drec_ingest_events_total\{outcome="counted",kind="push",source="zot"\} 1$/m);
    assert.match(
      res.text,
      /^drec_ingest_events_total\{outcome="rejected",kind="invalid",source="harbor"\} 1$/m,
    );
  });
});

describe("ingest sources: bad input", () => {
  let app: TestApp;
  before(async () => {
    app = await startWithSources();
  });
  after(() => app.stop());

  const harborPush = loadFixture("harbor", "push-artifact");
  const zotPush = loadFixture("zot", "image-updated-by-tag");

  it("when a token belongs to no source, then it answers 401", async () => {
    const res = await postFixture(app, harborPush, { bearer: "no-such-token-0123456789abc" });
    assert.equal(res.status, 401);
    assert.equal(
      (await postFixture(app, zotPush, { basic: ["zot", "wrong-password-0123456789"] })).status,
      401,
    );
  });

  it("when a Harbor source posts a body that is not a Harbor payload, then it answers 400 naming the format", async () => {
    const res = await postFixture(app, harborPush, { bearer: HARBOR }, [1, 2]);
    assert.equal(res.status, 400);
    assert.match(errorMessage(res.json), /Harbor webhook payload/);
  });

  it("when a Harbor source posts a CloudEvents media type, then it answers 415", async () => {
    const res = await postFixture(
      app,
      { ...harborPush, contentType: "application/cloudevents+json" },
      { bearer: HARBOR },
    );
    assert.equal(res.status, 415);
  });

  it("when a distribution source posts a Harbor payload, then it answers 400 asking for an envelope", async () => {
    const res = await postFixture(app, harborPush, { bearer: DIST });
    assert.equal(res.status, 400);
    assert.match(errorMessage(res.json), /"events"/);
  });

  it("when a CloudEvents source posts a structured body without specversion, then it answers 400", async () => {
    const res = await postFixture(
      app,
      { contentType: "application/cloudevents+json", body: { type: "x" } },
      AS_ZOT,
    );
    assert.equal(res.status, 400);
    assert.match(errorMessage(res.json), /CloudEvent/);
  });

  it("when a CloudEvents batch is not an array, then it answers 400", async () => {
    const res = await postFixture(
      app,
      { contentType: "application/cloudevents-batch+json", body: {} },
      AS_ZOT,
    );
    assert.equal(res.status, 400);
  });

  it("when a binary-mode event has no id, or a known type has no time, then it is a dead letter", async () => {
    const noId = { ...zotPush, headers: { ...zotPush.headers, "ce-id": "" } };
    assert.equal(summary(await postFixture(app, noId, AS_ZOT)).rejected, 1);
    const headers = Object.fromEntries(
      Object.entries(zotPush.headers ?? {}).filter(([k]) => k !== "ce-time"),
    );
    assert.equal(summary(await postFixture(app, { ...zotPush, headers }, AS_ZOT)).rejected, 1);
    assert.equal(await app.ctx.db.models.deadLetters.countDocuments({ source: "zot" }), 2);
  });

  it("when a Harbor occur_at is not a number, then it is a dead letter, not an error", async () => {
    const body = { ...(harborPush.body as object), occur_at: "yesterday" };
    const res = summary(await postFixture(app, harborPush, { bearer: HARBOR }, body));
    assert.equal(res.rejected, 1);
  });
});
