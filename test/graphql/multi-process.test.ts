// Several drec processes on one database (README, "Scaling out"): each one's lists and subscriptions
// follow what the others ingest and star, through the change log in the database they share.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildEnvelope, buildEvent } from "../support/builders";
import { postEvents } from "../support/ingest-builders";
import { startApp, TEST_INGEST_TOKEN, uniqueDatabaseName, type TestApp } from "../support/harness";
import { loadFixture, postFixture } from "../support/source-fixtures";
import { waitFor } from "../support/wait";
import { API_TOKENS, gql } from "./http-client";
import { connect, Subscription } from "./ws-client";

interface Listed {
  repositories: { nodes: { name: string; pullCount: number; pushCount: number; starCount: number }[] };
}
interface Updated {
  repositoryUpdated: { name: string; pullCount: number; starCount: number };
}

const LIST = `{ repositories(first: 50) { nodes { name pullCount pushCount starCount } } }`;

const HARBOR = "harbor-token-0123456789abcdef";

/**
 * Apps on one database, polling the change log often so the test does not wait long, with full re-reads
 * off: what they show of each other comes from the change log alone.
 */
function buildApps(count: number, database: string): Promise<TestApp[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      startApp({
        mongodb: { database },
        api: { tokens: API_TOKENS },
        ingest: { sources: [{ name: "harbor", tokens: [HARBOR], format: "harbor" }] },
        graphql: { read_model_reload_seconds: 0 },
        sync: { poll_ms: 50 },
      }),
    ),
  );
}

/** Posts events to one app and expects them counted. */
async function ingest(app: TestApp, events: unknown[]): Promise<void> {
  const res = await postEvents(app, buildEnvelope(events));
  assert.equal(res.status, 200, res.text);
}

async function listed(app: TestApp, name: string) {
  const res = await gql<Listed>(app, LIST);
  return res.body.data?.repositories.nodes.find((node) => node.name === name);
}

describe("several drec processes on one database", () => {
  let apps: TestApp[];
  before(async () => {
    apps = await buildApps(3, uniqueDatabaseName("multi"));
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  });

  it("when one process ingests and another stars and unstars, then the third's subscriber and the others' lists show each change", async () => {
    const [ingesting, starring, watching] = apps;
    const name = "multi/app";
    const client = connect(watching);
    const sub = new Subscription<Updated>(
      client,
      `subscription ($name: String) { repositoryUpdated(name: $name) { name pullCount starCount } }`,
      { name },
    );
    try {
      await ingest(ingesting, [buildEvent({ action: "push", target: { repository: name, tag: "v1" } })]);
      // The others must know the repository: the watcher to subscribe to it, the starrer to star it.
      for (const app of [watching, starring]) await waitFor(() => listed(app, name), 10_000);
      await sub.ready(() => watching.ctx.updates.publish("REPOSITORY_UPDATED", name));
      await ingest(ingesting, [
        buildEvent({ action: "pull", target: { repository: name, tag: "v1" }, request: { method: "GET" } }),
      ]);
      const starred = await gql(starring, `mutation { starRepository(name: "${name}") { starCount } }`, {
        token: API_TOKENS.bob,
      });
      assert.deepEqual(starred.body, { data: { starRepository: { starCount: 1 } } });

      for (const app of [watching, ingesting]) {
        const node = await waitFor(async () => {
          const found = await listed(app, name);
          return found?.starCount === 1 && found;
        }, 10_000);
        assert.deepEqual(node, { name, pullCount: 1, pushCount: 1, starCount: 1 });
      }
      const heard = { pulled: false, starred: false };
      while (!heard.starred) {
        const result = await sub.next(10_000);
        assert.equal(result.errors, undefined);
        const updated = result.data!.repositoryUpdated;
        assert.equal(updated.name, name);
        heard.pulled ||= updated.pullCount === 1;
        heard.starred ||= updated.starCount === 1 && updated.pullCount === 1;
      }
      assert.deepEqual(heard, { pulled: true, starred: true });

      const unstarred = await gql(starring, `mutation { unstarRepository(name: "${name}") { starCount } }`, {
        token: API_TOKENS.bob,
      });
      assert.deepEqual(unstarred.body, { data: { unstarRepository: { starCount: 0 } } });
      for (;;) {
        const result = await sub.next(10_000);
        if (result.data?.repositoryUpdated.starCount === 0) break;
      }
      const node = await waitFor(async () => {
        const found = await listed(ingesting, name);
        return found?.starCount === 0 && found;
      }, 10_000);
      assert.deepEqual(node, { name, pullCount: 1, pushCount: 1, starCount: 0 });
    } finally {
      await sub.close();
      await client.dispose();
    }
  });

  it("when one process deletes a repository another ingested, then the third's list drops it too", async () => {
    const [first, second, third] = apps;
    const name = "multi/gone";
    await ingest(second, [buildEvent({ action: "push", target: { repository: name, tag: "v1" } })]);
    await waitFor(() => listed(first, name), 10_000);
    await ingest(first, [
      buildEvent({
        action: "delete",
        target: { repository: name, tag: undefined, digest: undefined, mediaType: undefined },
      }),
    ]);
    for (const app of [second, third])
      await waitFor(async () => (await listed(app, name)) === undefined, 10_000);
  });

  it("when one process ingests a source's repository and another renames a GitLab project, then the third lists the source-prefixed and the new names", async () => {
    const [first, second, third] = apps;
    const push = await postFixture(first, loadFixture("harbor", "push-artifact"), { bearer: HARBOR });
    assert.equal(push.status, 200, push.text);
    await waitFor(() => listed(third, "harbor:library/busybox"), 10_000);
    const gitlab = { bearer: TEST_INGEST_TOKEN };
    const project = await postFixture(
      second,
      loadFixture("gitlab", "push-project-and-sub-repository"),
      gitlab,
    );
    assert.equal(project.status, 200, project.text);
    await waitFor(() => listed(third, "foo/foo/project"), 10_000);
    const renamed = await postFixture(first, loadFixture("gitlab", "rename-namespace"), gitlab);
    assert.equal(renamed.status, 200, renamed.text);
    const moved = await waitFor(() => listed(third, "foo/bar/project"), 10_000);
    assert.equal(moved.pushCount, 1);
    assert.equal(await listed(third, "foo/foo/project"), undefined);
  });
});
