// Automated pulls (ingest.automated) on a repository's page in a real browser: counted in the pulls and
// shown apart in the stats, the tags table and the images table; the last pull stays the person's.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { digestOf } from "../support/builders";
import type { TestApp } from "../support/harness";
import { buildPull, buildPush } from "../support/ingest-builders";
import { haveTools, requireTools } from "../support/tools";
import { launchChromium, openPage, type Chromium } from "./support/browser";
import { postEach, startDashboardApp } from "./support/dashboard";

const REPO = "automated/scanned";
const digits = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));

describe("dashboard: automated pulls", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;

  // The person's pull; the robots pull after it.
  let personAt = "";

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp({
      ingest: { automated: { actors: ["robot$*"], user_agents: ["Trivy/*"] } },
    });
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    await postEach(app, [
      buildPush(REPO, { timestamp: at(30) }),
      buildPull(REPO, { timestamp: (personAt = at(20)) }),
      buildPull(REPO, { timestamp: at(2), actor: { name: "robot$replicator" } }),
      buildPull(REPO, { timestamp: at(1), request: { useragent: "Trivy/0.58.1" } }),
    ]);
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test("when a person and two automated clients pulled, then the page shows 3 pulls, 2 of them automated, last pulled by the person", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/repositories/${REPO}`);
    await page.locator(".images-table").waitFor();
    const pulls = page.locator('[data-stat="pulls"]');
    assert.equal(digits(await pulls.locator(".stat-value").textContent()), 3);
    assert.equal((await pulls.locator("[data-automated]").textContent())?.trim(), "2 automated");
    // Last pulled is the person's pull: the robots' later pulls do not move it.
    const times = await pulls
      .locator(".stat-times time")
      .evaluateAll((els) => els.map((el) => el.getAttribute("datetime")));
    assert.deepEqual(times, [personAt, personAt]);
    const tagLast = page.locator('.tags-table tr[data-tag="1.0"] [data-label="Last pulled"] time');
    assert.equal(await tagLast.getAttribute("datetime"), personAt);

    const tag = page.locator('.tags-table tr[data-tag="1.0"]');
    assert.deepEqual(
      [
        digits(await tag.locator('[data-count="pulls"]').textContent()),
        digits(await tag.locator('[data-count="automated-pulls"]').textContent()),
      ],
      [3, 2],
    );
    const image = page.locator(`.images-table tr[data-digest="${digestOf("manifest")}"]`);
    assert.deepEqual(
      [
        digits(await image.locator('[data-count="pulls"]').textContent()),
        digits(await image.locator('[data-count="automated-pulls"]').textContent()),
      ],
      [3, 2],
    );
    assert.deepEqual(problems, []);
    await page.close();
  });
});
