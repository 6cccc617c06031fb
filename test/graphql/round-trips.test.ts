import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildActor, buildDaily, buildRepositories, buildTags, dayAgo } from "../support/stats-builders";
import { openGraphQLHarness, type GraphQLHarness } from "./graphql-harness";

// Database round trips per operation, counted with the driver's command monitoring. Lists, counts, star
// membership and which tags a page holds come from the in-memory read model; the database is asked
// only for the documents a page shows, by `_id` (the only lookup FerretDB 1.24 on SQLite answers from
// an index), one query per kind of document however many repositories the page holds.
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
    await h.sync();
  });
  after(() => h.close());

  const measure = async (query: string, user: string | null = null) => {
    h.commands.length = 0;
    h.commandLog.length = 0;
    const data = await h.data<{ repositories: { nodes: unknown[] } }>(query, {}, user);
    for (const command of h.commandLog)
      assert.ok(
        command.filter && Object.keys(command.filter)[0] === "_id",
        `${command.name} ${command.collection} is not an _id lookup: ${JSON.stringify(command.filter)}`,
      );
    return { data, commands: h.commandLog.map((c) => `${c.name} ${c.collection}`).sort() };
  };

  it("when a page of 20 repositories with tags is listed, then only the tags are read, in one _id query", async () => {
    const { data, commands } = await measure(
      `{ repositories(first: 20) { nodes { name tags { nodes { name } } } } }`,
    );
    assert.equal(data.repositories.nodes.length, 20);
    assert.deepEqual(commands, ["find drec_tags"]);
  });

  it("when the page also asks for actors, activity, stars and totals as a user, then actors and days cost one _id query each", async () => {
    const { data, commands } = await measure(
      `{ repositories(first: 20) {
          totalCount
          nodes { name viewerHasStarred actorStats { name } activity(days: 7) { pullCount } tags(first: 2) { totalCount nodes { name } } }
        } registry { repositoryCount } }`,
      "alice",
    );
    assert.equal(data.repositories.nodes.length, 20);
    assert.deepEqual(commands, ["find drec_actors", "find drec_daily", "find drec_tags"]);
  });

  it("when an anonymous viewer lists names with viewerHasStarred and totals, then the database is not asked", async () => {
    const { commands } = await measure(
      `{ repositories(first: 20, filter: { search: "r1" }) { totalCount nodes { name viewerHasStarred starCount } } }`,
    );
    assert.deepEqual(commands, []);
  });

  it("when 100 repositories with tags are listed, then it still costs one query", async () => {
    const { data, commands } = await measure(
      `{ repositories(first: 100) { nodes { name tags(first: 1) { nodes { name } } } } }`,
    );
    assert.equal(data.repositories.nodes.length, 25);
    assert.deepEqual(commands, ["find drec_tags"]);
  });

  it("when one repository is read with tags and 30 days of activity, then each part is one _id query", async () => {
    const { commands } = await measure(
      `{ repository(name: "rt/r03") { name tags(first: 10) { nodes { name } } activity(days: 30) { pullCount } } }`,
    );
    assert.deepEqual(commands, ["find drec_daily", "find drec_tags", "find registry-stats"]);
  });
});
