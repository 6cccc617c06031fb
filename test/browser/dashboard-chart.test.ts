// The repository page's activity chart in a real browser: every day's bars are painted inside the
// plot, including the first day's pulls and the last day's pushes at its edges.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { launchChromium, openPage, screenshot, type Chromium } from "./support/browser";
import { inside, readChartBars, type Box } from "./support/chart-bars";
import { postEach, startDashboardApp, until } from "./support/dashboard";
import { pullEvent, pushEvent } from "./support/seed";

const DAY_MS = 24 * 3600 * 1000;
const NAME = "charts/edges";
/** Days ago with activity: the first day of the 90-day range, of the 30-day range, and today. */
const ACTIVE_DAYS = [89, 45, 29, 10, 0];

const width = (box: Box) => box.right - box.left;

describe("dashboard: activity chart", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp();
    // Same time of day, n days back: on the UTC day n days before today.
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
    await postEach(
      app,
      ACTIVE_DAYS.flatMap((daysAgo) => [
        pushEvent(NAME, `d${daysAgo}`, at(daysAgo)),
        pullEvent(NAME, `d${daysAgo}`, at(daysAgo), "alice"),
        pullEvent(NAME, `d${daysAgo}`, at(daysAgo), "bob"),
      ]),
    );
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  for (const days of [30, 90]) {
    test(`when there was activity on the first and the last of ${days} days, then all their bars are drawn inside the plot`, async (t) => {
      if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
      const query = days === 30 ? "" : `?days=${days}`;
      const { page, problems } = await openPage(chromium, `${app.url}/repositories/${NAME}${query}`);
      const active = ACTIVE_DAYS.filter((daysAgo) => daysAgo < days).length;
      await page.locator(".chart .uplot canvas").waitFor();
      assert.match(
        (await page.locator("[data-chart-summary]").textContent()) ?? "",
        new RegExp(`^${2 * active} pulls and ${active} pushes in the last ${days} days`),
      );
      // uPlot paints every series in one pass: once any bar is there, all of them are.
      await until(async () => {
        const { pulls, pushes } = await readChartBars(page);
        return pulls.length + pushes.length > 0;
      }, "the chart's bars");

      const { plot, pulls, pushes } = await readChartBars(page);
      assert.equal(pulls.length, active, "one pulls bar per active day");
      assert.equal(pushes.length, active, "one pushes bar per active day");
      for (const bar of [...pulls, ...pushes]) {
        assert.ok(inside(bar, plot), `bar ${JSON.stringify(bar)} is inside the plot ${JSON.stringify(plot)}`);
        assert.ok(bar.bottom - bar.top > 0, "bar has a height");
      }
      // None is cut by the plot's edge: all bars are as wide as each other.
      const widths = [...pulls, ...pushes].map(width);
      assert.ok(Math.max(...widths) - Math.min(...widths) <= 1, `bar widths ${widths.join(", ")}`);
      // Each day's pulls bar stands left of its pushes bar.
      pulls.forEach((bar, i) => assert.ok(bar.right <= pushes[i].left + 1, `day ${i}: pulls left of pushes`));
      await screenshot(page, `chart-${days}-days`);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
