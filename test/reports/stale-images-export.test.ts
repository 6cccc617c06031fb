// GET /api/v1/reports/stale-images on a running app: the same rows as staleImages, as CSV or a JSON array,
// the GraphQL read rules, a 400 for every bad parameter, and automated pulls delivered through ingest.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { csvField } from "../../src/reports/stale-image-format";
import { API_TOKENS, gql } from "../graphql/http-client";
import { buildEnvelope } from "../support/builders";
import { startApp, type TestApp } from "../support/harness";
import { buildPull, buildPush, deliver } from "../support/ingest-builders";
import { buildImages, daysAgo } from "../support/report-builders";

const PATH = "/api/v1/reports/stale-images";
const TOKEN = { authorization: `Bearer ${API_TOKENS.alice}` };

interface Row {
  repository: string;
  digest: string;
  tags: string[];
  reason: string;
  size: number | null;
  mediaType: string | null;
}

/** Splits RFC 4180 CSV into records of fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") endField();
    else if (c === "\r" && text[i + 1] === "\n") {
      endField();
      records.push(record);
      record = [];
      i++;
    } else field += c;
  }
  return records;
}

describe("GET /api/v1/reports/stale-images", () => {
  let app: TestApp;
  let locked: TestApp;
  before(async () => {
    const config = { api: { tokens: { alice: API_TOKENS.alice } } };
    [app, locked] = await Promise.all([
      startApp({ ...config, ingest: { automated: { actors: ["robot$*"] } } }),
      startApp({ api: { ...config.api, require_auth_for_reads: true } }),
    ]);
    await buildImages(app.ctx.db.models, [
      {
        repository: "team/app",
        tags: ["v1", "latest"],
        seed: "a",
        references: [{ digest: "sha256:x", size: 42 }],
      },
      // A media type no registry sends, to show the escaping: a comma, a quote and a line break.
      { repository: "team/app", seed: "b", mediaType: 'odd,"type"\nhere', pushedAt: daysAgo(100) },
      { repository: "team/app", tags: ["fresh"], seed: "c", pushedAt: daysAgo(3) },
      { repository: "other/tool", tags: ["1.0"], seed: "d" },
    ]);
    await buildImages(locked.ctx.db.models, [{ repository: "team/locked", tags: ["v1"], seed: "e" }]);
  });
  after(() => Promise.all([app.stop(), locked.stop()]));

  it("when asked for JSON, then the body is an array of the same rows staleImages pages through", async () => {
    const res = await app.request(`${PATH}?older_than_days=90&format=json`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    const rows = res.json as Row[];
    const graph = await gql<{ staleImages: { nodes: { digest: string }[] } }>(
      app,
      "{ staleImages(olderThanDays: 90, first: 100) { nodes { digest } } }",
    );
    const sorted = (list: { digest: string }[]) => list.map((r) => r.digest).sort();
    assert.deepEqual(sorted(rows), sorted(graph.body.data!.staleImages.nodes));
    assert.equal(rows.length, 3);
    const first = rows.find((r) => r.tags.length === 2)!;
    assert.deepEqual(
      [first.repository, first.tags, first.reason, first.size],
      ["team/app", ["latest", "v1"], "NEVER_PULLED", 42],
    );
  });

  it("when asked for CSV of a namespace, then a header and one escaped record per row arrive as an attachment", async () => {
    const res = await app.request(`${PATH}?older_than_days=90&namespace=team&format=csv`, { headers: TOKEN });
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^text\/csv/);
    assert.match(String(res.headers["content-disposition"]), /attachment; filename="stale-images-90d.csv"/);
    const [header, ...records] = parseCsv(res.text);
    assert.deepEqual(header.slice(0, 4), ["repository", "digest", "tags", "reason"]);
    const picked = records.map((r) => [r[0], r[2], r[header.indexOf("mediaType")]]);
    assert.deepEqual(
      picked.sort((a, b) => a[1].localeCompare(b[1])),
      [
        ["team/app", "", 'odd,"type"\nhere'],
        ["team/app", "latest v1", "application/vnd.oci.image.manifest.v1+json"],
      ],
    );
  });

  it("when a CSV field holds a comma, quote or line break, then it is quoted with its quotes doubled", () => {
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField('a,"b"'), '"a,""b"""');
    assert.equal(csvField("x\r\ny"), '"x\r\ny"');
  });

  it("when reads require authentication, then no token or a wrong one is 401 and the right one is 200", async () => {
    const url = `${PATH}?older_than_days=30`;
    const anonymous = await locked.request(url);
    assert.equal(anonymous.status, 401);
    assert.match(String(anonymous.headers["www-authenticate"]), /^Bearer/);
    assert.equal(
      (await locked.request(url, { headers: { authorization: "Bearer wrong-token" } })).status,
      401,
    );
    assert.equal((await app.request(url, { headers: { authorization: "Bearer wrong-token" } })).status, 401);
    const ok = await locked.request(url, { headers: TOKEN });
    assert.equal(ok.status, 200);
    assert.deepEqual(
      (ok.json as Row[]).map((r) => r.repository),
      ["team/locked"],
    );
  });

  it("when a parameter is missing, malformed, repeated or unknown, then 400 names it", async () => {
    const cases: [string, RegExp][] = [
      ["", /"older_than_days" is required/],
      ["?older_than_days=", /"older_than_days" must be a whole number/],
      ["?older_than_days=ninety", /"older_than_days" must be a whole number/],
      ["?older_than_days=1.5", /"older_than_days" must be a whole number/],
      ["?older_than_days=-3", /"older_than_days" must be a whole number/],
      ["?older_than_days=0", /"older_than_days" must be a whole number from 1/],
      ["?older_than_days=99999999", /"older_than_days" must be a whole number/],
      ["?older_than_days=90&older_than_days=30", /"older_than_days" must be given once/],
      ["?older_than_days=90&namespace=Team%21", /"namespace" must be a repository path prefix/],
      ["?older_than_days=90&namespace[x]=1", /unknown parameter "namespace\[x\]"/],
      ["?older_than_days=90&format=xml", /"format" must be csv or json/],
      ["?older_than_days=90&include_automated=yes", /"include_automated" must be true or false/],
      ["?older_than_days=90&olderThanDays=90", /unknown parameter "olderThanDays"/],
    ];
    for (const [query, message] of cases) {
      const res = await app.request(`${PATH}${query}`);
      assert.equal(res.status, 400, query);
      assert.match(
        String((res.json as { error?: { message?: string } }).error?.message ?? res.text),
        message,
        query,
      );
    }
  });

  it("when another method is used, then 405 names GET", async () => {
    const res = await app.request(`${PATH}?older_than_days=90`, { method: "POST" });
    assert.equal(res.status, 405);
    assert.match(String(res.headers.allow), /GET/);
  });

  it("when a robot pulled an old image yesterday through ingest, then it is stale unless include_automated=true", async () => {
    const repository = "robots/app";
    for (const event of [
      buildPush(repository, { timestamp: daysAgo(200).toISOString() }),
      buildPull(repository, { timestamp: daysAgo(1).toISOString(), actor: { name: "robot$scanner" } }),
    ])
      await deliver(app, buildEnvelope([event]));
    const stale = async (automated: string) =>
      (
        (await app.request(`${PATH}?older_than_days=90&namespace=robots&include_automated=${automated}`))
          .json as Row[]
      ).map((r) => r.reason);
    assert.deepEqual(await stale("false"), ["ONLY_AUTOMATED_PULLS"]);
    assert.deepEqual(await stale("true"), []);
  });
});
