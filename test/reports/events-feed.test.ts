// Query.events (the audit feed over drec_events) and Query.user (one registry user across repositories),
// from events delivered to a real app.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { codes, gql } from "../graphql/http-client";
import { buildEnvelope, digestOf } from "../support/builders";
import { startApp, type TestApp } from "../support/harness";
import { buildDeleteTag, buildPull, buildPush, deliver } from "../support/ingest-builders";

const EVENTS = `query ($repository: String, $namespace: String, $actor: String, $action: EventAction, $since: DateTime, $until: DateTime, $first: Int, $after: String) {
  events(repository: $repository, namespace: $namespace, actor: $actor, action: $action, since: $since, until: $until, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id repository action kind timestamp actor tag digest userAgent automated }
  }
}`;

interface FeedNode {
  id: string;
  repository: string;
  action: string;
  kind: string;
  timestamp: string;
  actor: string | null;
  tag: string | null;
}
interface Feed {
  events: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: FeedNode[] };
}

const at = (minute: number) => `2026-11-20T10:${String(minute).padStart(2, "0")}:00.000Z`;

describe("events feed and user", () => {
  let app: TestApp;
  const feed = async (variables: Record<string, unknown>) => {
    const res = await gql<Feed>(app, EVENTS, { variables });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    return res.body.data!.events;
  };
  before(async () => {
    app = await startApp();
    const digest = digestOf("feed");
    for (const event of [
      buildPush("team/app", { timestamp: at(1), actor: { name: "alice" }, target: { tag: "v1", digest } }),
      buildPull("team/app", { timestamp: at(2), actor: { name: "bob" }, target: { tag: "v1", digest } }),
      buildPush("team/api", { timestamp: at(3), actor: { name: "alice" } }),
      buildPull("ops/tool", { timestamp: at(4), actor: { name: "bob" } }),
      buildPull("team/api", { timestamp: at(5), actor: { name: "bob" } }),
      buildDeleteTag("team/app", { timestamp: at(6), actor: { name: "carol" }, target: { tag: "v1" } }),
    ])
      await deliver(app, buildEnvelope([event]));
  });
  after(() => app.stop());

  it("when the feed is read, then every stored event is there, newest first, with its actor, action and tag", async () => {
    const nodes = (await feed({})).nodes;
    assert.deepEqual(
      nodes.map((n) => [n.timestamp, n.repository, n.action, n.actor]),
      [
        [at(6), "team/app", "DELETE", "carol"],
        [at(5), "team/api", "PULL", "bob"],
        [at(4), "ops/tool", "PULL", "bob"],
        [at(3), "team/api", "PUSH", "alice"],
        [at(2), "team/app", "PULL", "bob"],
        [at(1), "team/app", "PUSH", "alice"],
      ],
    );
    assert.equal(nodes[4].tag, "v1");
    assert.equal(nodes[0].kind, "delete-tag");
  });

  it("when filtered by repository, namespace, actor, action or time, then only the matching events come", async () => {
    const ids = async (variables: Record<string, unknown>) =>
      (await feed(variables)).nodes.map((n) => n.timestamp);
    assert.deepEqual(await ids({ repository: "team/app" }), [at(6), at(2), at(1)]);
    assert.deepEqual(await ids({ namespace: "team" }), [at(6), at(5), at(3), at(2), at(1)]);
    assert.deepEqual(await ids({ actor: "bob", action: "PULL", namespace: "team" }), [at(5), at(2)]);
    assert.deepEqual(await ids({ action: "PUSH" }), [at(3), at(1)]);
    assert.deepEqual(await ids({ since: at(2), until: at(5) }), [at(4), at(3), at(2)]);
  });

  it("when paged two at a time, then the pages hold the feed once, in order", async () => {
    const whole = (await feed({})).nodes.map((n) => n.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: Feed["events"] = await feed({ first: 2, after: cursor });
      paged.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      cursor = page.pageInfo.endCursor;
    }
    assert.deepEqual(paged, whole);
  });

  it("when a registry user is asked for, then their pushes and pulls are summed across repositories", async () => {
    const res = await gql<{ user: Record<string, unknown> }>(
      app,
      `{ user(name: "bob") { name pushCount pullCount repositoryCount lastSeenAt repositories { repository pullCount lastSeenAt } } }`,
    );
    assert.deepEqual(res.body.data?.user, {
      name: "bob",
      pushCount: 0,
      pullCount: 3,
      repositoryCount: 3,
      lastSeenAt: at(5),
      repositories: [
        { repository: "team/api", pullCount: 1, lastSeenAt: at(5) },
        { repository: "ops/tool", pullCount: 1, lastSeenAt: at(4) },
        { repository: "team/app", pullCount: 1, lastSeenAt: at(2) },
      ],
    });
    const none = await gql<{ user: null }>(app, `{ user(name: "nobody") { name } }`);
    assert.equal(none.body.data?.user, null);
  });

  it("when a filter, cursor or name is malformed, then BAD_USER_INPUT, never a server error", async () => {
    for (const variables of [
      { first: 101 },
      { after: "bogus" },
      { repository: "" },
      { namespace: "Not Valid" },
      { since: at(5), until: at(1) },
    ]) {
      const res = await gql(app, EVENTS, { variables });
      assert.deepEqual(codes(res.body), ["BAD_USER_INPUT"], JSON.stringify(variables));
    }
    const badDate = await gql(app, EVENTS, { variables: { since: "yesterday" } });
    assert.ok(badDate.status < 500);
    assert.equal(codes(badDate.body).length, 1);
    const badName = await gql(app, `{ user(name: "") { name } }`);
    assert.deepEqual(codes(badName.body), ["BAD_USER_INPUT"]);
  });
});
