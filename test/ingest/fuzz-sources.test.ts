// The fuzz loop of fuzz-http.test.ts for the other source formats: mutated and truncated fixtures of
// every format, random Harbor payloads and CloudEvents (structured, batched, binary), posted to an
// `auto` source and to sources of one format. No answer is a 5xx, the server stays up, and nothing
// changes the statistics unless the answer counts it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  mulberry32,
  mutateEnvelope,
  pick,
  randomCloudEvent,
  randomHarborPayload,
  randomInt,
  type Rng,
} from "../support/fuzz";
import { startApp, TEST_INGEST_TOKEN, type TestApp } from "../support/harness";
import { statisticsText } from "../support/ingest-builders";
import {
  allSourceFixtures,
  postFixture,
  type Credential,
  type SourceFixture,
} from "../support/source-fixtures";

const ITERATIONS = 300;
const SEED = 20261202;
const HARBOR = "fuzz-harbor-token-0123456789";
const CLOUDEVENTS = "fuzz-cloudevents-token-012345";
const CREDENTIALS: Credential[] = [
  { bearer: TEST_INGEST_TOKEN },
  { bearer: HARBOR },
  { bearer: CLOUDEVENTS },
  { basic: ["zot", CLOUDEVENTS] },
];
// Header values a client can send (no control characters): the attributes of binary mode.
const HEADER_VALUES = [
  "1.0",
  "",
  "x",
  "zotregistry.image.updated",
  "harbor.artifact.pulled",
  "2026-12-01T00:00:00Z",
  "yesterday",
];

function request(rng: Rng, fixtures: SourceFixture[]): { fixture: SourceFixture; body: unknown } {
  const fixture = pick(rng, fixtures);
  switch (randomInt(rng, 6)) {
    case 0: {
      const text = JSON.stringify(fixture.body);
      return { fixture, body: text.slice(0, randomInt(rng, text.length)) };
    }
    case 1:
      return { fixture: { contentType: "application/json", body: null }, body: randomHarborPayload(rng) };
    case 2:
      return {
        fixture: { contentType: "application/cloudevents+json", body: null },
        body: randomCloudEvent(rng),
      };
    case 3:
      return {
        fixture: { contentType: "application/cloudevents-batch+json", body: null },
        body: Array.from({ length: randomInt(rng, 4) }, () => randomCloudEvent(rng)),
      };
    case 4: {
      const headers = Object.fromEntries(
        ["ce-specversion", "ce-id", "ce-type", "ce-time", "ce-source"].map((h) => [
          h,
          pick(rng, HEADER_VALUES),
        ]),
      );
      return {
        fixture: { contentType: "application/json", headers, body: null },
        body: (randomCloudEvent(rng) as { data?: unknown }).data ?? {},
      };
    }
    default:
      return { fixture, body: mutateEnvelope(rng, fixture.body) };
  }
}

describe("fuzzing every source format over HTTPS", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({
      ingest: {
        sources: [
          { name: "harbor", tokens: [HARBOR], format: "harbor" },
          { name: "cloudevents", tokens: [CLOUDEVENTS], format: "cloudevents" },
        ],
      },
    });
  });
  after(() => app.stop());

  it(`when ${ITERATIONS} mutated, truncated and random bodies of every format are posted, then no answer is a 5xx and rejected input changes nothing`, async () => {
    const rng = mulberry32(SEED);
    const fixtures = [...allSourceFixtures().values()];
    const statuses = new Map<number, number>();
    for (let i = 0; i < ITERATIONS; i += 1) {
      const { fixture, body } = request(rng, fixtures);
      const credential = pick(rng, CREDENTIALS);
      const before = await statisticsText(app);
      const res = await postFixture(app, fixture, credential, body);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const context = `iteration ${i} (seed ${SEED}): ${JSON.stringify(body)?.slice(0, 300)} → ${res.status} ${res.text}`;
      assert.ok(res.status < 500, context);
      const counted = res.status === 200 ? (res.json as { counted: number }).counted : 0;
      if (counted === 0) assert.equal(await statisticsText(app), before, `statistics changed: ${context}`);
    }
    assert.equal((await app.request("/healthz")).status, 200, "the server is still up");
    assert.ok((statuses.get(200) ?? 0) > 80, JSON.stringify([...statuses]));
    assert.ok((statuses.get(400) ?? 0) > 20, JSON.stringify([...statuses]));
  });
});
