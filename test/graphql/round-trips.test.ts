import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildActor, buildDaily, buildRepositories, buildTags, dayAgo } from "../support/stats-builders";
import { openGraphQLHarness, type GraphQLHarness } from "./graphql-harness";

// Database round trips per operation, counted with the driver's command monitoring: a page of
// repositories must cost a fixed number of queries, however many repositories it holds.
describe("database round trips", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
    const docs = await buildRepositories(
      h.models,
      Array.from({ length: 25 }, (_, i) => ({
        repositoryname: `rt/r${String(i).padStart(2, "0")}`,
        numpulls: i,
        starredBy: i % 2 ? ["alice"] : [],
      })),
    );
    for (const doc of docs) {
      await buildTags(h.models, doc.repositoryname, ["latest", "v1", "v2"]);
      await buildActor(h.models, { repository: doc.repositoryname, actor: "ci", pushCount: 1 });
      await buildDaily(h.models, { repository: doc.repositoryname, day: dayAgo(1), pullCount: 2 });
    }
  });
  after(() => h.close());

  const measure = async (query: string, user: string | null = null) => {
    h.commands.length = 0;
    const data = await h.data<{ repositories: { nodes: unknown[] } }>(query, {}, user);
    return { data, commands: [...h.commands].sort() };
  };

  it("when a page of 20 repositories with tags is listed, then it costs 2 queries (repositories, tags)", async () => {
    const { data, commands } = await measure(
      `{ repositories(first: 20) { nodes { name tags { nodes { name } } } } }`,
    );
    assert.equal(data.repositories.nodes.length, 20);
    assert.deepEqual(commands, ["find", "find"]);
  });

  it("when the page also asks for actors, activity, stars and totals as a user, then each costs one more query", async () => {
    const { data, commands } = await measure(
      `{ repositories(first: 20) {
          totalCount
          nodes { name viewerHasStarred actorStats { name } activity(days: 7) { pullCount } tags(first: 2) { totalCount nodes { name } } }
        } }`,
      "alice",
    );
    assert.equal(data.repositories.nodes.length, 20);
    // repositories, tags, actors, daily, stars (find ×5) and countDocuments (aggregate).
    assert.deepEqual(commands, ["aggregate", "find", "find", "find", "find", "find"]);
  });

  it("when an anonymous viewer asks viewerHasStarred, then no star query is made", async () => {
    const { commands } = await measure(`{ repositories(first: 20) { nodes { name viewerHasStarred } } }`);
    assert.deepEqual(commands, ["find"]);
  });

  it("when 100 repositories with tags are listed, then it still costs 2 queries", async () => {
    const { data, commands } = await measure(
      `{ repositories(first: 100) { nodes { name tags(first: 1) { nodes { name } } } } }`,
    );
    assert.equal(data.repositories.nodes.length, 25);
    assert.deepEqual(commands, ["find", "find"]);
  });
});
