// Pulls by automated clients (ingest.automated): counted in pullCount/numpulls like every pull, and in
// automatedPullCount apart; by default they leave lastPulledAt alone. Real database, read back through
// GraphQL and the stored documents.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildEnvelope, digestOf } from "../support/builders";
import { startApp, type TestApp } from "../support/harness";
import { buildPull, buildPush, deliver, markersCleared, snapshot } from "../support/ingest-builders";
import { gql } from "../graphql/http-client";

const QUERY = `query ($name: String!) {
  repository(name: $name) {
    pullCount automatedPullCount lastPulledAt
    tags(first: 5) { nodes { name pullCount automatedPullCount lastPulledAt } }
    images(first: 5) { nodes { digest pullCount automatedPullCount lastPulledAt } }
  }
}`;

const HUMAN_AT = "2026-11-27T01:10:00.000Z";
const ROBOT_AT = "2026-11-27T02:00:00.000Z";

interface Counts {
  pullCount: number;
  automatedPullCount: number;
  lastPulledAt: string | null;
}

async function usage(app: TestApp, repository: string) {
  const res = await gql(app, QUERY, { variables: { name: repository } });
  const data = res.body.data as {
    repository: Counts & { tags: { nodes: Counts[] }; images: { nodes: Counts[] } };
  };
  const pick = ({ pullCount, automatedPullCount, lastPulledAt }: Counts) => ({
    pullCount,
    automatedPullCount,
    lastPulledAt,
  });
  return {
    repository: pick(data.repository),
    tag: pick(data.repository.tags.nodes[0]),
    image: pick(data.repository.images.nodes[0]),
  };
}

async function pushThenPull(app: TestApp, repository: string, robot: Parameters<typeof buildPull>[1]) {
  for (const event of [
    buildPush(repository, { timestamp: "2026-11-27T01:00:00Z" }),
    buildPull(repository, { timestamp: HUMAN_AT }),
    buildPull(repository, { timestamp: ROBOT_AT, ...robot }),
  ]) {
    const res = await deliver(app, buildEnvelope([event]));
    assert.equal((res.json as { counted: number }).counted, 1);
  }
}

describe("automated pulls", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({
      ingest: { automated: { actors: ["robot$*"], user_agents: ["Trivy/*", "Harbor-Jobservice*"] } },
    });
  });
  after(() => app.stop());

  it("when a robot actor pulls after a person, then pullCount and automatedPullCount count it and lastPulledAt stays the person's", async () => {
    const repository = "automated/by-actor";
    await pushThenPull(app, repository, { actor: { name: "robot$scanner" } });
    const counted = { pullCount: 2, automatedPullCount: 1, lastPulledAt: HUMAN_AT };
    assert.deepEqual(await usage(app, repository), { repository: counted, tag: counted, image: counted });
    await markersCleared(app);
    const { repository: doc, digests } = await snapshot(app, repository);
    assert.deepEqual([doc?.numpulls, doc?.automatedPullCount, doc?.lastpulled], [2, 1, HUMAN_AT]);
    assert.deepEqual(
      digests.map((d) => [d.digest, d.pullCount, d.automatedPullCount]),
      [[digestOf("manifest"), 2, 1]],
    );
  });

  it("when a scanner's user agent pulls, in another case than the pattern, then it is automated and lastPulledAt stays", async () => {
    const repository = "automated/by-agent";
    await pushThenPull(app, repository, { request: { useragent: "trivy/0.58.1 (linux; amd64)" } });
    const counted = { pullCount: 2, automatedPullCount: 1, lastPulledAt: HUMAN_AT };
    assert.deepEqual(await usage(app, repository), { repository: counted, tag: counted, image: counted });
  });

  it("when an actor matches a pattern only in another case, then the pull is a person's and moves lastPulledAt", async () => {
    const repository = "automated/person";
    await pushThenPull(app, repository, { actor: { name: "Robot$scanner" } });
    const counted = { pullCount: 2, automatedPullCount: 0, lastPulledAt: ROBOT_AT };
    assert.deepEqual(await usage(app, repository), { repository: counted, tag: counted, image: counted });
  });
});

describe("automated pulls with move_last_pulled", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ ingest: { automated: { actors: ["robot$*"], move_last_pulled: true } } });
  });
  after(() => app.stop());

  it("when move_last_pulled is true and a robot pulls, then it counts apart and moves lastPulledAt", async () => {
    const repository = "automated/moves";
    await pushThenPull(app, repository, { actor: { name: "robot$ci" } });
    const counted = { pullCount: 2, automatedPullCount: 1, lastPulledAt: ROBOT_AT };
    assert.deepEqual(await usage(app, repository), { repository: counted, tag: counted, image: counted });
  });
});
