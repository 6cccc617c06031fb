// Checks (manifest HEADs) recorded as a sign of use, never as pulls: ingest against a real database, read
// back through the GraphQL API of the same app.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildEnvelope, digestOf } from "../support/builders";
import { startApp, type TestApp } from "../support/harness";
import { buildPull, buildPush, deliver, markersCleared, snapshot } from "../support/ingest-builders";
import { gql } from "../graphql/http-client";

const head = (repository: string, timestamp: string, tag: string | undefined) =>
  buildPull(repository, { timestamp, request: { method: "HEAD" }, target: { tag } });

const QUERY = `query ($name: String!) {
  repository(name: $name) {
    pullCount checkCount lastCheckedAt
    tags(first: 5) { nodes { name pullCount checkCount lastCheckedAt } }
  }
}`;

describe("checks: manifest HEADs", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.stop());

  it("when a tag is HEADed twice and its digest once, then the checks count on the repository, tag and digest and no pull does", async () => {
    const repository = "checks/app";
    for (const event of [
      buildPush(repository, { timestamp: "2026-11-27T01:00:00Z" }),
      head(repository, "2026-11-27T01:10:00Z", "1.0"),
      head(repository, "2026-11-27T01:30:00Z", "1.0"),
      head(repository, "2026-11-27T01:20:00Z", undefined),
    ]) {
      const res = await deliver(app, buildEnvelope([event]));
      assert.equal((res.json as { counted: number }).counted, 1);
    }
    const res = await gql(app, QUERY, { variables: { name: repository } });
    assert.deepEqual(res.body, {
      data: {
        repository: {
          pullCount: 0,
          checkCount: 3,
          lastCheckedAt: "2026-11-27T01:30:00.000Z",
          tags: {
            nodes: [{ name: "1.0", pullCount: 0, checkCount: 2, lastCheckedAt: "2026-11-27T01:30:00.000Z" }],
          },
        },
      },
    });
    await markersCleared(app);
    const { digests, repository: doc } = await snapshot(app, repository);
    assert.deepEqual(
      digests.map((d) => [d.digest, d.checkCount, d.lastCheckedAt, d.pullCount]),
      [[digestOf("manifest"), 3, "2026-11-27T01:30:00.000Z", 0]],
    );
    assert.deepEqual([doc?.numpulls, doc?.lastpulled], [0, undefined]);
  });

  it("when a repository is only ever checked, then its document keeps the original layout with zero counts", async () => {
    const repository = "checks/only";
    await deliver(app, buildEnvelope([head(repository, "2026-11-27T02:00:00Z", "latest")]));
    await markersCleared(app);
    const { repository: doc } = await snapshot(app, repository);
    assert.deepEqual(
      [doc?.numpushs, doc?.numpulls, doc?.numstars, doc?.actors, doc?.checkCount],
      [0, 0, 0, [], 1],
    );
    const res = await gql(
      app,
      `{ repositories(filter: { search: "checks/" }) { nodes { name checkCount } } }`,
    );
    assert.deepEqual(res.body.data, {
      repositories: {
        nodes: [
          { name: "checks/app", checkCount: 3 },
          { name: "checks/only", checkCount: 1 },
        ],
      },
    });
  });
});
