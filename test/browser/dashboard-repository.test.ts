// A repository's page in a real browser against a real drec: counts, chart, tags, users, the pull
// line, live updates from the ingest route, stars with and without a token, and the layout.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { fitsWidth, launchChromium, openPage, screenshot, type Chromium } from "./support/browser";
import { ALICE_TOKEN, graphql, postEach, seedDashboard, startDashboardApp, until } from "./support/dashboard";
import { pullEvent, pushEvent, SEED, seededPulls } from "./support/seed";

const API = SEED[0]; // team/api: five tags, three users, activity over four weeks
const digits = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));

async function statValue(page: Page, stat: "pulls" | "pushes" | "stars"): Promise<number> {
  return digits(await page.locator(`[data-stat="${stat}"] .stat-value`).textContent());
}

async function waitForStat(page: Page, stat: "pulls" | "pushes" | "stars", expected: number): Promise<void> {
  await until(async () => (await statValue(page, stat)) === expected, `${stat} = ${expected}`);
}

async function openRepository(chromium: Chromium, app: TestApp, name: string, width = 1440) {
  const watched = await openPage(chromium, `${app.url}/repositories/${name}`, width);
  await watched.page.locator('[data-stat="pulls"]').waitFor();
  return watched;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByLabel("API token", { exact: true }).fill(token);
  await page.getByRole("dialog").getByRole("button", { name: "Sign in", exact: true }).click();
}

describe("dashboard: repository page", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp();
    await seedDashboard(app);
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test("when a repository is opened from the list, then its counts, chart, tags and users are shown", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    await page.getByRole("link", { name: API.name }).click();
    await page.waitForURL(/\/repositories\/team\/api$/);
    await page.locator('[data-stat="pulls"]').waitFor();
    assert.equal(await page.title(), "team/api · drec");

    assert.equal(await statValue(page, "pulls"), seededPulls(API));
    assert.equal(await statValue(page, "pushes"), API.pushes.length);
    assert.equal(await statValue(page, "stars"), 0);

    // The chart: uPlot's canvas and a caption totalling the 30 days.
    await page.locator(".chart .uplot canvas").waitFor();
    assert.equal(await page.locator(".chart .uplot canvas").count(), 1);
    const caption = page.locator("[data-chart-summary]");
    assert.match((await caption.textContent()) ?? "", /^[\d,]+ pulls and 5 pushes in the last 30 days/);
    await page.getByRole("button", { name: "90 days" }).click();
    await page.waitForURL(/days=90/);
    await until(
      async () => /in the last 90 days/.test((await caption.textContent()) ?? ""),
      "the 90-day chart",
    );
    assert.match((await caption.textContent()) ?? "", new RegExp(`^${seededPulls(API)} pulls and 5 pushes`));
    assert.equal(await page.getByRole("button", { name: "90 days" }).getAttribute("aria-pressed"), "true");

    // Tags: every pushed tag with its digest; the pulled one carries the pulls.
    const tags = await page
      .locator(".tags-table tbody tr")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-tag")));
    assert.deepEqual(tags.sort(), API.pushes.map(([tag]) => tag).sort());
    const pulledTag = page.locator(`.tags-table tr[data-tag="${API.pushes[0][0]}"]`);
    assert.equal(digits(await pulledTag.locator('[data-count="pulls"]').textContent()), seededPulls(API));
    assert.match((await pulledTag.locator(".digest").textContent()) ?? "", /^[0-9a-f]{12}$/);

    // Users with their counts, and the pull line.
    const users = await page
      .locator(".actors-table tbody tr")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-actor")));
    assert.deepEqual([...users].sort(), ["alice", "bob", "ci-bot"]);
    assert.match(
      (await page.locator("[data-pull-command]").textContent()) ?? "",
      /^docker pull [^ ]+\/team\/api:[\w.-]+$/,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when an event is posted to the ingest route, then the open page updates without a reload", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const name = "team/web";
    const { page, problems } = await openRepository(chromium, app, name);
    await page.locator('[data-live="live"]').waitFor();
    await page.evaluate("window.__sameDocument = true");
    const pulls = await statValue(page, "pulls");
    const pushes = await statValue(page, "pushes");

    await postEach(app, [pullEvent(name, "1.0", new Date().toISOString(), "dave")]);
    await waitForStat(page, "pulls", pulls + 1);
    await page.locator('.actors-table tr[data-actor="dave"]').waitFor();

    await postEach(app, [pushEvent(name, "2.0", new Date().toISOString(), "dave")]);
    await waitForStat(page, "pushes", pushes + 1);
    await page.locator('.tags-table tr[data-tag="2.0"]').waitFor();
    assert.equal(await page.evaluate("window.__sameDocument"), true, "the page was not reloaded");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when signed in with an API token, then star and unstar work and the token is kept", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const name = "library/alpine";
    const { page, problems } = await openRepository(chromium, app, name);
    await signIn(page, ALICE_TOKEN);
    await page.locator('[data-viewer="alice"]').waitFor();

    const star = page.getByRole("button", { name: `Star ${name}`, exact: true });
    assert.equal(await star.isEnabled(), true);
    await star.click();
    await waitForStat(page, "stars", 1);
    const unstar = page.getByRole("button", { name: `Unstar ${name}`, exact: true });
    assert.equal(await unstar.getAttribute("aria-pressed"), "true");
    const starred = await graphql<{ repository: { starCount: number; viewerHasStarred: boolean } }>(
      app,
      "query($n: String!) { repository(name: $n) { starCount viewerHasStarred } }",
      { n: name },
      ALICE_TOKEN,
    );
    assert.deepEqual(starred.data?.repository, { starCount: 1, viewerHasStarred: true });

    // The token survives a reload (local storage) and the star state comes back with it.
    await page.reload();
    await page.locator('[data-viewer="alice"]').waitFor();
    await page.getByRole("button", { name: `Unstar ${name}`, exact: true }).click();
    await waitForStat(page, "stars", 0);
    assert.equal(
      await page.getByRole("button", { name: `Star ${name}`, exact: true }).getAttribute("aria-pressed"),
      "false",
    );

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    assert.equal(await page.evaluate("localStorage.getItem('drec.apiToken')"), null);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when anonymous or with a wrong token, then starring is disabled with a hint and refused", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const name = "team/api";
    const { page, problems } = await openRepository(chromium, app, name);
    const star = page.getByRole("button", { name: `Star ${name}`, exact: true });
    assert.equal(await star.isDisabled(), true);
    assert.match((await page.locator(".star-hint").textContent()) ?? "", /Sign in with an API token/);

    // The API refuses the mutation itself, whatever the page shows.
    const refused = await graphql(app, 'mutation { starRepository(name: "team/api") { starCount } }');
    assert.equal(refused.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");

    await signIn(page, "not-a-valid-token-0123456789");
    await page.getByText("drec did not accept that token").waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    assert.equal(await star.isDisabled(), true);
    assert.equal(await statValue(page, "stars"), 0);
    // The rejected token showed an error in the dialog, which is fine; nothing else may fail.
    assert.deepEqual(
      problems.filter((p) => !p.includes("401")),
      [],
    );
    await page.close();
  });

  test("when a repository does not exist, then the page says so and links back", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/repositories/nobody/nothing`);
    await page.getByRole("heading", { name: "Repository not found" }).waitFor();
    await page.getByRole("link", { name: "See all repositories" }).click();
    await page.waitForURL(new RegExp(`${app.url}/$`));
    await page.locator(".repo-row").first().waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const width of [360, 1440]) {
    test(`when the window is ${width} px wide, then the repository page fits without horizontal scrolling`, async (t) => {
      if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
      const { page, problems } = await openRepository(chromium, app, API.name, width);
      await page.locator(".chart .uplot canvas").waitFor();
      assert.ok(await fitsWidth(page), `document wider than ${width} px`);
      const chartWidth = await page.locator(".chart .uplot").boundingBox();
      assert.ok(chartWidth && chartWidth.width <= width, "the chart fits the window");
      await screenshot(page, `repository-${width}`);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
