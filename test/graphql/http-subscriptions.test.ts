// A subscription POSTed over HTTP (a client that ignores graphql-ws) gets a clear 400, not a failed field.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp, type TestApp } from "../support/harness";
import { buildRepository } from "../support/stats-builders";
import { codes, gql } from "./http-client";

describe("subscriptions over HTTP", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
    await buildRepository(app.ctx.db.models, { repositoryname: "team/web" });
  });
  after(() => app.stop());

  it("when a subscription is POSTed, then it is refused with 400 BAD_REQUEST naming graphql-ws", async () => {
    const res = await gql(app, `subscription { repositoryUpdated(name: "team/web") { name } }`);
    assert.equal(res.status, 400);
    assert.deepEqual(codes(res.body), ["BAD_REQUEST"]);
    assert.match(res.body.errors?.[0]?.message ?? "", /graphql-ws/);
  });

  it("when a query is POSTed, then it still runs", async () => {
    const res = await gql<{ repository: { name: string } }>(app, `{ repository(name: "team/web") { name } }`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data, { repository: { name: "team/web" } });
  });
});
