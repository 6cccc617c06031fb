// GitLab's `rename` action through the real route and database: a repository's statistics (and those
// of the repositories under it) move to the new name in every collection, once, whatever is redelivered.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Model } from "mongoose";
import { buildEnvelope, buildEvent } from "../support/builders";
import { startApp, TEST_INGEST_TOKEN, type TestApp } from "../support/harness";
import { postEvents, snapshot, type RepositorySnapshot } from "../support/ingest-builders";
import { loadFixture, postFixture } from "../support/source-fixtures";

const DEFAULT = { bearer: TEST_INGEST_TOKEN };

function buildRename(from: string, to: string, id: string) {
  const event = buildEvent({ id, action: "rename", request: { method: "PATCH" } }) as Record<string, unknown>;
  event.target = { repository: from, rename: { type: "repository", from, to } };
  return event;
}

/** How many documents of any statistics collection still name `repository`. */
async function documentsOf(app: TestApp, repository: string): Promise<number> {
  const { repositories, tags, digests, actors, daily, clients } = app.ctx.db.models;
  const counts = await Promise.all([
    repositories.countDocuments({ repositoryname: repository }),
    ...[tags, digests, actors, daily, clients].map((m) =>
      (m as unknown as Model<Record<string, unknown>>).countDocuments({ repository }),
    ),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

const counts = (snap: RepositorySnapshot) => ({
  pushes: snap.repository?.numpushs,
  tags: snap.tags.map((t) => [t.tag, t.pushCount]),
  digests: snap.digests.length,
  actors: snap.actors.map((a) => a.actor),
  days: snap.daily.length,
});

describe("GitLab rename", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.stop());

  it("when a namespace is renamed, then the project and its sub-repository move with every document, and a redelivery changes nothing", async () => {
    const push = loadFixture("gitlab", "push-project-and-sub-repository");
    assert.equal(((await postFixture(app, push, DEFAULT)).json as { counted: number }).counted, 2);
    const before = counts(await snapshot(app, "foo/foo/project"));
    const rename = loadFixture("gitlab", "rename-namespace");
    const res = await postFixture(app, rename, DEFAULT);
    assert.deepEqual(res.json, { received: 1, counted: 1, duplicates: 0, ignored: 0, rejected: 0 });
    assert.deepEqual(counts(await snapshot(app, "foo/bar/project")), before);
    assert.equal((await snapshot(app, "foo/bar/project/cache")).repository?.numpushs, 1);
    assert.equal(await documentsOf(app, "foo/foo/project"), 0);
    assert.equal(await documentsOf(app, "foo/foo/project/cache"), 0);
    const again = await postFixture(app, rename, DEFAULT);
    assert.equal((again.json as { duplicates: number }).duplicates, 1);
    assert.deepEqual(counts(await snapshot(app, "foo/bar/project")), before);
    const doc = await app.ctx.db.models.repositories
      .findOne({ repositoryname: "foo/bar/project" })
      .lean<Record<string, unknown>>();
    assert.equal(doc?._id, "foo/bar/project", "the moved document is addressed by its new name");
    assert.equal(doc?.movedBy, undefined, "no bookkeeping is left behind");
  });

  it("when a repository is renamed and then counted under the new name, then the new events add to the moved statistics", async () => {
    await postFixture(app, loadFixture("gitlab", "rename-repository"), DEFAULT);
    await postEvents(
      app,
      buildEnvelope([buildEvent({ target: { repository: "foo/bar/renamed", tag: "latest" } })]),
    );
    const snap = await snapshot(app, "foo/bar/renamed");
    assert.equal(snap.repository?.numpushs, 2);
    assert.equal((await snapshot(app, "foo/bar/renamed/cache")).repository?.numpushs, 1);
    assert.equal(await documentsOf(app, "foo/bar/project"), 0);
  });

  it("when the same move arrives again under a new event id, then it finds nothing left to move", async () => {
    const before = counts(await snapshot(app, "foo/bar/renamed"));
    const res = await postEvents(
      app,
      buildEnvelope([buildRename("foo/bar/project", "foo/bar/renamed", "rename-again")]),
    );
    assert.equal((res.json as { counted: number }).counted, 1);
    assert.deepEqual(counts(await snapshot(app, "foo/bar/renamed")), before);
  });

  it("when the new name already has statistics of its own, then the old documents stay where they are", async () => {
    await postEvents(app, buildEnvelope([buildEvent({ target: { repository: "team/old" } })]));
    await postEvents(app, buildEnvelope([buildEvent({ target: { repository: "team/taken" } })]));
    await postEvents(app, buildEnvelope([buildRename("team/old", "team/taken", "rename-taken")]));
    assert.equal((await snapshot(app, "team/old")).repository?.numpushs, 1);
    assert.equal((await snapshot(app, "team/taken")).repository?.numpushs, 1);
  });

  it("when a rename crashed after copying a document, then its retry removes the original and keeps the copy", async () => {
    await postEvents(app, buildEnvelope([buildEvent({ target: { repository: "team/half" } })]));
    const original = await app.ctx.db.models.repositories
      .findOne({ repositoryname: "team/half" })
      .lean<Record<string, unknown>>();
    // The state a crash between the copy and the delete leaves: the copy, marked by the rename's id.
    await app.ctx.db.models.repositories.collection.insertOne({
      ...original,
      _id: "team/whole" as never,
      repositoryname: "team/whole",
      movedBy: "rename-half",
    });
    await postEvents(app, buildEnvelope([buildRename("team/half", "team/whole", "rename-half")]));
    assert.equal(await documentsOf(app, "team/half"), 0);
    assert.equal((await snapshot(app, "team/whole")).repository?.numpushs, 1);
  });

  it("when a rename names no target.rename, then it is ignored", async () => {
    const event = buildRename("team/x", "team/y", "rename-without");
    (event.target as Record<string, unknown>).rename = undefined;
    const res = await postEvents(app, buildEnvelope([event]));
    assert.equal((res.json as { ignored: number }).ignored, 1);
  });
});
