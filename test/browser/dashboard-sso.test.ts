// Behind a trusted SSO proxy: the user comes from a header, with nothing to paste.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { launchChromium, openPage, type Chromium } from "./support/browser";
import { graphql, post, startDashboardApp, until } from "./support/dashboard";
import { seedEnvelopes } from "./support/seed";

const HEADER = "X-Forwarded-User";

describe("dashboard: single sign-on", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    const started = await startDashboardApp({ api: { trusted_user_header: HEADER } });
    app = started;
    await Promise.all(seedEnvelopes().map((envelope) => post(started, envelope)));
    // The browser plays the proxy: every request, the WebSocket upgrade included, names carol.
    chromium = await launchChromium({ headers: { [HEADER]: "carol" } });
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test("when a trusted proxy names the user, then the dashboard signs in as that user and stars work", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    await page.locator('[data-viewer="carol"]').waitFor();
    assert.match((await page.locator(".account").textContent()) ?? "", /single sign-on/);
    assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0, "nothing to sign out of");

    const row = page.locator('[data-repository="team/web"]');
    await row.waitFor().catch(async (err: Error) => {
      throw new Error(
        `${err.message}\npage: ${await page.locator("main").innerText()}\n${problems.join("\n")}`,
      );
    });
    await row.getByRole("button", { name: "Star team/web", exact: true }).click();
    await until(
      async () => (await row.locator(".star-button").getAttribute("aria-pressed")) === "true",
      "the row starred",
    );
    assert.equal(await row.locator(".star-count").textContent(), "1");

    // The starred-only filter appears for signed-in users and lists carol's star.
    await page.getByLabel("Starred by me").check();
    await until(async () => (await page.locator(".repo-row").count()) === 1, "one starred row");
    const check = await graphql<{ repository: { starCount: number } }>(
      app,
      '{ repository(name: "team/web") { starCount } }',
    );
    assert.equal(check.data?.repository.starCount, 1);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
