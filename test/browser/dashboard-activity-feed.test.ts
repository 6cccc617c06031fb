// The activity feed in a real browser against a real drec: the stored events newest first, 50 at a time,
// and the repository, namespace, actor and action filters kept in the URL.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { launchChromium, openPage, type Chromium } from "./support/browser";
import { postEach, startDashboardApp, until } from "./support/dashboard";
import { pullEvent, pushEvent } from "./support/seed";

const MINUTE_MS = 60_000;
const CI_PULLS = 55;

/** A push and 55 pulls of feed/app, then bob's push and pull of other/lib: 58 events, a minute apart. */
function buildFeed(now = Date.now()) {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE_MS).toISOString();
  return [
    pushEvent("feed/app", "1.0", at(100), "alice"),
    ...Array.from({ length: CI_PULLS }, (_, i) => pullEvent("feed/app", "1.0", at(90 - i), "ci-bot")),
    pushEvent("other/lib", "2.0", at(10), "bob"),
    pullEvent("other/lib", "2.0", at(5), "bob"),
  ];
}

/** The rows shown: action, repository and user, and their times. */
async function feedRows(page: Page) {
  return page.locator(".feed-table tbody tr").evaluateAll((els) =>
    els.map((el) => ({
      action: el.getAttribute("data-action") ?? "",
      time: el.querySelector("time")?.getAttribute("datetime") ?? "",
      text: [...el.children].slice(2).map((cell) => cell.textContent ?? ""),
    })),
  );
}

async function waitForRows(page: Page, count: number) {
  await until(async () => (await page.locator(".feed-table tbody tr").count()) === count, `${count} events`);
}

describe("dashboard: activity feed", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp();
    await postEach(app, buildFeed());
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test("when the activity page opens, then the newest events come first, 50 at a time, and load more shows the rest", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    await page.getByRole("link", { name: "Activity", exact: true }).click();
    await waitForRows(page, 50);
    const first = await feedRows(page);
    assert.deepEqual(first[0], { action: "PULL", time: first[0].time, text: ["other/lib", "2.0", "bob"] });
    assert.deepEqual(first[1].text, ["other/lib", "2.0", "bob"]);
    assert.equal(first[1].action, "PUSH");
    await page.getByRole("button", { name: "Load more events" }).click();
    await waitForRows(page, CI_PULLS + 3);
    const all = await feedRows(page);
    const times = all.map((row) => row.time);
    assert.deepEqual(times, [...times].sort().reverse(), "newest first");
    assert.deepEqual(all.at(-1), { action: "PUSH", time: times.at(-1), text: ["feed/app", "1.0", "alice"] });
    assert.equal(await page.getByRole("button", { name: "Load more events" }).count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when actor and action filters are applied, then only matching events remain and a reload keeps them", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/activity`);
    await waitForRows(page, 50);
    await page.getByLabel("Actor").fill("bob");
    await page.getByLabel("Action").selectOption("PUSH");
    await page.getByRole("button", { name: "Filter" }).click();
    await waitForRows(page, 1);
    assert.equal(new URL(page.url()).search, "?actor=bob&action=PUSH");
    assert.deepEqual(
      (await feedRows(page)).map((row) => [row.action, ...row.text]),
      [["PUSH", "other/lib", "2.0", "bob"]],
    );
    await page.reload();
    await waitForRows(page, 1);
    assert.equal(await page.getByLabel("Actor").inputValue(), "bob");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when the namespace and repository filters are applied, then only their events are listed", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/activity?namespace=other`);
    await waitForRows(page, 2);
    assert.deepEqual(
      (await feedRows(page)).map((row) => row.text[0]),
      ["other/lib", "other/lib"],
    );
    await page.getByLabel("Namespace").fill("");
    await page.getByLabel("Repository").fill("feed/app");
    await page.getByLabel("Action").selectOption("PULL");
    await page.getByRole("button", { name: "Filter" }).click();
    await until(async () => new URL(page.url()).search === "?repository=feed%2Fapp&action=PULL", "the URL");
    await waitForRows(page, 50);
    assert.ok((await feedRows(page)).every((row) => row.action === "PULL" && row.text[0] === "feed/app"));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when no event matches, then the page says so instead of an empty table", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/activity?actor=nobody`);
    await page.getByText("No stored event matches these filters.").waitFor();
    assert.equal(await page.locator(".feed-table").count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
