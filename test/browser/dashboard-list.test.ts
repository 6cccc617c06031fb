// The repository list in a real browser against a real drec: rendering, sorting, searching, paging,
// live rows, and the layout at phone and desktop widths.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { fitsWidth, launchChromium, openPage, screenshot, type Chromium } from "./support/browser";
import { graphql, postEach, seedDashboard, startDashboardApp, until } from "./support/dashboard";
import { pullEvent, SEED } from "./support/seed";

const EXTRA = 16; // with the 6 seeded and the 3 sampled repositories: 25, more than one page of 20
const TOTAL = SEED.length + 3 + EXTRA;

/** The names and a count of the rows shown, in order. */
async function rows(
  page: Page,
  count: "pulls" | "pushes" = "pulls",
): Promise<{ name: string; value: number }[]> {
  const items = page.locator(".repo-row");
  const names = await items.evaluateAll((els) => els.map((el) => el.getAttribute("data-repository") ?? ""));
  const values = await page
    .locator(`.repo-row [data-count="${count}"]`)
    .evaluateAll((els) => els.map((el) => Number((el.getAttribute("title") ?? "").replace(/\D/g, ""))));
  return names.map((name, i) => ({ name, value: values[i] }));
}

const isSorted = (values: (number | string)[], direction: "asc" | "desc") =>
  values.every((v, i) => i === 0 || (direction === "desc" ? values[i - 1] >= v : values[i - 1] <= v));

async function waitForRows(page: Page, expected: number): Promise<void> {
  await until(async () => (await page.locator(".repo-row").count()) === expected, `${expected} rows`);
}

async function waitForFirst(page: Page, name: string): Promise<void> {
  await until(
    async () => (await page.locator(".repo-row").first().getAttribute("data-repository")) === name,
    `${name} first`,
  );
}

describe("dashboard: repository list", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp();
    await seedDashboard(app, EXTRA);
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test("when the dashboard opens, then the totals and the first page of repositories render by pulls", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    await waitForRows(page, 20);
    const api = await graphql<{ registry: Record<string, number> }>(
      app,
      "{ registry { repositoryCount pullCount pushCount starCount } }",
    );
    const registry = api.data?.registry;
    assert.ok(registry, JSON.stringify(api.errors));
    assert.equal(registry.repositoryCount, TOTAL);
    for (const [key, field] of [
      ["repositories", "repositoryCount"],
      ["pulls", "pullCount"],
      ["pushes", "pushCount"],
    ])
      assert.equal(
        (await page.locator(`[data-total="${key}"]`).textContent())?.replace(/\D/g, ""),
        String(registry[field]),
        `${key} total`,
      );
    assert.match(
      (await page.locator(".list-count").textContent()) ?? "",
      new RegExp(`Showing 20 of ${TOTAL}`),
    );
    const shown = await rows(page);
    assert.equal(shown[0].name, "team/api", "the most pulled repository first");
    assert.ok(
      isSorted(
        shown.map((r) => r.value),
        "desc",
      ),
      `pulls descending: ${JSON.stringify(shown)}`,
    );
    assert.equal(await page.title(), "Repositories · drec");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when a sort field and direction are chosen, then the rows follow that order", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    await waitForRows(page, 20);

    await page.getByLabel("Sort by").selectOption("PUSHES");
    await page.waitForURL(/sort=pushes/);
    await waitForFirst(page, "team/api");
    const byPushes = await rows(page, "pushes");
    assert.ok(
      isSorted(
        byPushes.map((r) => r.value),
        "desc",
      ),
      `pushes descending: ${JSON.stringify(byPushes)}`,
    );

    await page.getByLabel("Sort by").selectOption("NAME");
    await waitForFirst(page, "bulk/repo-01");
    const byName = (await rows(page)).map((r) => r.name);
    assert.deepEqual(byName, [...byName].sort(), "names A to Z");

    await page.getByRole("button", { name: /Ascending order/ }).click();
    await page.waitForURL(/dir=desc/);
    await waitForFirst(page, "tools/ci-runner");
    const descending = (await rows(page)).map((r) => r.name);
    assert.deepEqual(descending, [...descending].sort().reverse(), "names Z to A");

    // The order lives in the URL: a reload keeps it.
    await page.reload();
    await waitForFirst(page, "tools/ci-runner");
    assert.equal(await page.getByLabel("Sort by").inputValue(), "NAME");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when a search is typed, then only matching repositories are listed", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    await waitForRows(page, 20);

    await page.getByLabel("Search repositories").fill("EAM/");
    await page.waitForURL(/q=EAM/);
    await waitForRows(page, 4);
    assert.deepEqual(
      (await rows(page)).map((r) => r.name).sort(),
      ["team/api", "team/app", "team/multi", "team/web"],
      "a case-insensitive substring",
    );

    await page.getByLabel("Match").selectOption("prefix");
    await page.getByLabel("Search repositories").fill("library/");
    await waitForRows(page, 2);
    assert.deepEqual((await rows(page)).map((r) => r.name).sort(), ["library/alpine", "library/nginx"]);

    await page.getByLabel("Search repositories").fill("nothing-like-this");
    await page.getByRole("heading", { name: "No repositories match" }).waitFor();
    await page.getByRole("button", { name: "Clear the search" }).click();
    await waitForRows(page, 20);
    assert.equal(await page.getByLabel("Search repositories").inputValue(), "");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when Load more is pressed, then the next page is appended without duplicates", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/?sort=name`);
    await waitForRows(page, 20);
    await page.getByRole("button", { name: "Load more" }).click();
    await waitForRows(page, TOTAL);
    const names = (await rows(page)).map((r) => r.name);
    assert.equal(new Set(names).size, TOTAL);
    assert.deepEqual(names, [...names].sort());
    assert.equal(await page.getByRole("button", { name: "Load more" }).count(), 0, "no more pages");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when an event arrives, then the row and the totals update without a reload", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    await waitForRows(page, 20);
    await page.locator('[data-live="live"]').waitFor();
    await page.evaluate("window.__sameDocument = true");
    const before = (await rows(page)).find((r) => r.name === "team/web");
    assert.ok(before);
    const totalBefore = Number(
      (await page.locator('[data-total="pulls"]').textContent())?.replace(/\D/g, ""),
    );

    await postEach(app, [pullEvent("team/web", "1.0", new Date().toISOString(), "carol")]);
    const row = page.locator('[data-repository="team/web"] [data-count="pulls"]');
    await until(
      async () => (await row.textContent()) === String(before.value + 1),
      "the row's new pull count",
    );
    const total = page.locator('[data-total="pulls"]');
    await until(
      async () => (await total.textContent())?.replace(/\D/g, "") === String(totalBefore + 1),
      "the new pulls total",
    );
    assert.equal(await page.evaluate("window.__sameDocument"), true, "the page was not reloaded");
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const width of [360, 1440]) {
    test(`when the window is ${width} px wide, then the list fits without horizontal scrolling`, async (t) => {
      if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
      const { page, problems } = await openPage(chromium, `${app.url}/`, width);
      await waitForRows(page, 20);
      assert.ok(await fitsWidth(page), `document wider than ${width} px`);
      await screenshot(page, `list-${width}`);
      // Keyboard: the first Tab reaches the skip link, which moves focus to the content.
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate("document.activeElement?.textContent"), "Skip to content");
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
