// The source switcher in a real browser: shown only when drec collects from more than one registry,
// and narrowing the list, the totals and the URL to the chosen one.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildEnvelope } from "../support/builders";
import type { TestApp } from "../support/harness";
import { buildPush } from "../support/ingest-builders";
import { loadFixture, postFixture } from "../support/source-fixtures";
import { haveTools, requireTools } from "../support/tools";
import { launchChromium, openPage, type Chromium } from "./support/browser";
import { post, startDashboardApp, until } from "./support/dashboard";

const HARBOR = "harbor-token-0123456789abcdef";

const rowNames = (page: import("playwright-core").Page) =>
  page.locator(".repo-row").evaluateAll((els) => els.map((el) => el.getAttribute("data-repository")).sort());

describe("dashboard: source switcher", () => {
  let app: TestApp | undefined;
  let single: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp({
      ingest: { sources: [{ name: "harbor", tokens: [HARBOR], format: "harbor" }] },
    });
    await post(app, buildEnvelope([buildPush("team/app"), buildPush("library/busybox")]));
    const res = await postFixture(app, loadFixture("harbor", "push-artifact"), { bearer: HARBOR });
    assert.equal(res.status, 200, res.text);
    single = await startDashboardApp();
    await post(single, buildEnvelope([buildPush("team/app")]));
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
    await single?.stop();
  });

  test("when drec collects from two registries, then the switcher narrows the list, the totals and the URL to one", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    const select = page.locator(".source-switcher select");
    await select.waitFor();
    const options = await select.locator("option").evaluateAll((els) => els.map((el) => el.textContent));
    assert.deepEqual(options, ["All registries", "default", "harbor"]);
    await until(async () => (await rowNames(page)).length === 3, "3 rows");

    await select.selectOption("harbor");
    await page.waitForURL(/source=harbor/);
    await until(async () => (await rowNames(page)).join() === "harbor:library/busybox", "harbor's row only");
    await until(
      async () => (await page.locator('[data-total="repositories"]').textContent()) === "1",
      "harbor's repository count",
    );

    await select.selectOption("default");
    await until(async () => (await rowNames(page)).join() === "library/busybox,team/app", "default's rows");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when drec collects from one registry, then no switcher is shown", async (t) => {
    if (!requireTools(t, ["chromium"]) || !single || !chromium) return;
    const { page, problems } = await openPage(chromium, `${single.url}/`);
    await page.locator(".repo-row").first().waitFor();
    await until(
      async () => (await page.locator('[data-total="repositories"]').textContent()) === "1",
      "totals",
    );
    assert.equal(await page.locator(".source-switcher").count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
