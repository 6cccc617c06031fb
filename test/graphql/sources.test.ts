// Repositories of several registries through the real route, read back through GraphQL: each names its
// source, lists and totals can be narrowed to one source, and an unknown source is a clear error.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildEnvelope } from "../support/builders";
import { startApp, type TestApp } from "../support/harness";
import { buildPull, buildPush, deliver } from "../support/ingest-builders";
import { loadFixture, postFixture } from "../support/source-fixtures";
import { codes, gql } from "./http-client";

const HARBOR = "harbor-token-0123456789abcdef";

describe("GraphQL over several sources", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ ingest: { sources: [{ name: "harbor", tokens: [HARBOR], format: "harbor" }] } });
    await deliver(app, buildEnvelope([buildPush("library/busybox"), buildPull("library/busybox")]));
    await deliver(app, buildEnvelope([buildPush("team/app")]));
    for (const name of ["push-artifact", "pull-artifact-by-tag"])
      assert.equal((await postFixture(app, loadFixture("harbor", name), { bearer: HARBOR })).status, 200);
  });
  after(() => app.stop());

  it("when the sources are asked for, then the default source and the configured ones are listed", async () => {
    const res = await gql<{ registry: { sources: string[] } }>(app, "{ registry { sources } }");
    assert.deepEqual(res.body.data?.registry.sources, ["default", "harbor"]);
  });

  it("when repositories are listed by source, then each source's repositories name their source and never merge", async () => {
    const query = `query ($source: String) {
      repositories(source: $source, orderBy: { field: NAME }) { totalCount nodes { name source pushCount pullCount } }
    }`;
    const all = await gql<{ repositories: { totalCount: number } }>(app, query);
    assert.equal(all.body.data?.repositories.totalCount, 3);
    const harbor = await gql(app, query, { variables: { source: "harbor" } });
    assert.deepEqual(harbor.body.data, {
      repositories: {
        totalCount: 1,
        nodes: [{ name: "harbor:library/busybox", source: "harbor", pushCount: 1, pullCount: 1 }],
      },
    });
    const local = await gql<{ repositories: { nodes: { name: string; source: string }[] } }>(app, query, {
      variables: { source: "default" },
    });
    assert.deepEqual(
      local.body.data?.repositories.nodes.map((n) => [n.name, n.source]),
      [
        ["library/busybox", "default"],
        ["team/app", "default"],
      ],
    );
  });

  it("when the registry totals are asked for one source, then they add up that source's repositories only", async () => {
    const query = `query ($source: String) { registry(source: $source) { repositoryCount pushCount pullCount } }`;
    const harbor = await gql(app, query, { variables: { source: "harbor" } });
    assert.deepEqual(harbor.body.data, { registry: { repositoryCount: 1, pushCount: 1, pullCount: 1 } });
    const all = await gql(app, query);
    assert.deepEqual(all.body.data, { registry: { repositoryCount: 3, pushCount: 3, pullCount: 2 } });
  });

  it("when an unknown source is asked for, then the answer is BAD_USER_INPUT naming the known ones", async () => {
    const res = await gql(app, `{ repositories(source: "quay") { totalCount } }`);
    assert.deepEqual(codes(res.body), ["BAD_USER_INPUT"]);
    assert.match(res.body.errors?.[0].message ?? "", /known: default, harbor/);
    const registry = await gql(app, `{ registry(source: "quay") { repositoryCount } }`);
    assert.deepEqual(codes(registry.body), ["BAD_USER_INPUT"]);
  });
});
