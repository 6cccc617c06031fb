// The namespace pages and the front page's registry-wide chart in a real browser against a real drec:
// namespace totals, a namespace's chart and repositories, and the registry's daily bars.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { launchChromium, openPage, screenshot, type Chromium } from "./support/browser";
import { readChartBars } from "./support/chart-bars";
import { postEach, startDashboardApp, until } from "./support/dashboard";
import { pullEvent, pushEvent } from "./support/seed";

const DAY_MS = 24 * 3600 * 1000;

/** Pushes on days 2, 3 and 5 ago; 4 pulls on days 0 and 1 ago, all in team. */
function buildTraffic(now = Date.now()) {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  return [
    pushEvent("team/api", "1.0", at(2)),
    pushEvent("team/web", "1.0", at(5)),
    pushEvent("ops/tool", "v1", at(3), "bob"),
    pullEvent("team/api", "1.0", at(1), "alice"),
    pullEvent("team/api", "1.0", at(1), "alice"),
    pullEvent("team/api", "1.0", at(0), "alice"),
    pullEvent("team/web", "1.0", at(0), "bob"),
  ];
}

describe("dashboard: namespaces and registry activity", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp();
    await postEach(app, buildTraffic());
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test("when the namespaces page opens, then each namespace shows its repositories, pulls and pushes, busiest first", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/namespaces`);
    await page.locator(".namespaces-table").waitFor();
    const rows = await page
      .locator(".namespaces-table tbody tr")
      .evaluateAll((els) =>
        els.map((el) =>
          [
            el.getAttribute("data-namespace"),
            ...["repositories", "pulls", "pushes"].map(
              (count) => el.querySelector(`[data-count="${count}"]`)?.textContent ?? "",
            ),
          ].join(" "),
        ),
      );
    assert.deepEqual(rows, ["team 2 4 2", "ops 1 0 1"]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when a namespace's link is followed, then its page charts its daily activity and lists only its repositories", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/namespaces`);
    await page.getByRole("link", { name: "Namespace team" }).click();
    await page.locator(".namespace-repositories").waitFor();
    assert.equal(new URL(page.url()).pathname, "/namespaces/team");
    assert.match(
      (await page.locator("[data-chart-summary]").textContent()) ?? "",
      /^4 pulls and 2 pushes in the last 30 days/,
    );
    const names = await page
      .locator(".namespace-repositories tbody tr")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-repository")));
    assert.deepEqual(names, ["team/api", "team/web"]);
    await page.getByRole("link", { name: "team/web" }).click();
    await until(async () => new URL(page.url()).pathname === "/repositories/team/web", "the repository page");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when a namespace holds no repository, then its page says it is not found", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/namespaces/nobody`);
    await page.getByText("Namespace not found").waitFor();
    assert.equal(await page.getByRole("link", { name: "See all namespaces" }).count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when the front page opens, then the registry chart draws every repository's daily pulls and pushes", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    await page.locator(".registry-activity .chart .uplot canvas").waitFor();
    assert.match(
      (await page.locator(".registry-activity [data-chart-summary]").textContent()) ?? "",
      /^4 pulls and 3 pushes in the last 30 days/,
    );
    await until(async () => {
      const { pulls, pushes } = await readChartBars(page);
      return pulls.length + pushes.length > 0;
    }, "the chart's bars");
    const { pulls, pushes } = await readChartBars(page);
    assert.equal(pulls.length, 2, "pulls on two days");
    assert.equal(pushes.length, 3, "pushes on three days");
    await screenshot(page, "front-page-registry-activity");
    assert.deepEqual(problems, []);
    await page.close();
  });
});
