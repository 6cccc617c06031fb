// The "Cleanup candidates" page in a real browser: the stale images of a real database, the namespace
// filter, the dry-run notice, copyable skopeo delete lines and the CSV download link.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { TestApp } from "../support/harness";
import { buildImages, daysAgo } from "../support/report-builders";
import { haveTools, requireTools } from "../support/tools";
import { launchChromium, openPage, type Chromium } from "./support/browser";
import { startDashboardApp } from "./support/dashboard";

describe("dashboard: cleanup candidates", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;
  const digests: string[] = [];

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp({ dashboard: { registry_address: "registry.example.com:5000" } });
    const docs = await buildImages(app.ctx.db.models, [
      { repository: "team/app", tags: ["v1"], seed: "cleanup-1", pushedAt: daysAgo(200) },
      {
        repository: "team/app",
        tags: ["v2"],
        seed: "cleanup-2",
        pushedAt: daysAgo(300),
        lastPulledAt: daysAgo(120),
      },
      { repository: "ops/tool", tags: ["1.0"], seed: "cleanup-3", pushedAt: daysAgo(100) },
      { repository: "team/app", tags: ["v3"], seed: "cleanup-4", pushedAt: daysAgo(5) },
    ]);
    digests.push(...docs.map((d) => d.digest));
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test("when the page opens, then it lists the stale images, longest unused first, as a dry run with skopeo lines", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/cleanup`);
    await page.locator(".cleanup-table").waitFor();
    const rows = await page
      .locator(".cleanup-table tbody tr")
      .evaluateAll((els) =>
        els.map((el) => [el.getAttribute("data-digest"), el.getAttribute("data-reason")]),
      );
    assert.deepEqual(rows, [
      [digests[0], "NEVER_PULLED"],
      [digests[1], "NOT_PULLED_RECENTLY"],
      [digests[2], "NEVER_PULLED"],
    ]);
    assert.match((await page.locator(".dry-run").textContent()) ?? "", /never deletes anything/);
    const lines = ((await page.locator(".skopeo-lines").inputValue()) ?? "").split("\n");
    assert.deepEqual(lines, [
      `skopeo delete docker://registry.example.com:5000/team/app@${digests[0]}`,
      `skopeo delete docker://registry.example.com:5000/team/app@${digests[1]}`,
      `skopeo delete docker://registry.example.com:5000/ops/tool@${digests[2]}`,
    ]);
    assert.equal(
      await page.locator(".csv-download").getAttribute("href"),
      "/api/v1/reports/stale-images?older_than_days=90&format=csv",
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when a namespace and a longer age are chosen, then only its older images remain and the CSV link follows", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/cleanup`);
    await page.locator(".cleanup-table").waitFor();
    await page.fill('input[name="namespace"]', "team");
    await page.fill('input[name="days"]', "150");
    await page.click('.cleanup-filters button[type="submit"]');
    await page.locator('.cleanup-count[data-total="1"]').waitFor();
    const rows = await page
      .locator(".cleanup-table tbody tr")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-digest")));
    assert.deepEqual(rows, [digests[0]]);
    assert.equal(
      await page.locator(".csv-download").getAttribute("href"),
      "/api/v1/reports/stale-images?older_than_days=150&format=csv&namespace=team",
    );
    assert.deepEqual(problems, []);
    await page.close();
  });
});
