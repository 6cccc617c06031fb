// The API explorer in Chromium: linked from the dashboard's header, drec's own GraphiQL at
// graphql.path loads with nothing from another origin, signs in with the dashboard's stored token, runs a query, and shows subscription events
// arriving over wss: while events are posted to the ingest route.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { launchChromium, openPage, SCREENSHOTS, type Chromium } from "./support/browser";
import { ALICE_TOKEN, post, startDashboardApp, until } from "./support/dashboard";
import { pushEvent, seedEnvelopes } from "./support/seed";
import { buildEnvelope } from "../support/builders";

/** Replaces the operation in GraphiQL's query editor (CodeMirror 5) and runs it. */
async function run(page: Page, operation: string): Promise<void> {
  await page.locator(".graphiql-query-editor .CodeMirror").evaluate((element, text) => {
    (element as unknown as { CodeMirror: { setValue(value: string): void } }).CodeMirror.setValue(text);
  }, operation);
  await page.locator(".graphiql-execute-button").click();
}

const responseText = (page: Page) => page.locator(".graphiql-response").innerText();

describe("API explorer in a browser", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    const started = await startDashboardApp();
    app = started;
    for (const envelope of seedEnvelopes()) await post(started, envelope);
    chromium = await launchChromium();
    // The dashboard's sign-in stored this token; the explorer picks it up.
    await chromium.context.addInitScript(
      (token) => localStorage.setItem("drec.apiToken", token),
      ALICE_TOKEN,
    );
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test("when the explorer runs a query and a subscription, then results show and nothing leaves drec's origin", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const requests: string[] = [];
    chromium.context.on("request", (request) => requests.push(request.url()));
    const { page, problems } = await openPage(chromium, `${app.url}/`);
    // Playwright reports WebSockets apart from requests.
    page.on("websocket", (socket) => requests.push(socket.url()));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator(".topbar").screenshot({ path: path.join(SCREENSHOTS, "explorer-dashboard-link.png") });
    await page.getByRole("link", { name: "API explorer" }).click();
    await page.locator(".graphiql-query-editor .CodeMirror").waitFor();
    assert.equal(new URL(page.url()).pathname, "/graphql", "the dashboard's header links to the explorer");

    await run(page, '{ viewer { name } repository(name: "team/web") { name pushCount } }');
    await until(async () => (await responseText(page)).includes('"team/web"'), "the query's result");
    assert.match(await responseText(page), /"name": "alice"/, "signed in with the dashboard's token");
    await page.screenshot({ path: path.join(SCREENSHOTS, "explorer-query.png") });

    await run(page, 'subscription { repositoryUpdated(name: "team/web") { name pushCount } }');
    // The subscription starts asynchronously on the server: push until an event reaches the page.
    let tag = 0;
    await until(async () => {
      // The event itself, not an error that names the field in its path.
      if (/"repositoryUpdated": \{\s*"name": "team\/web"/.test(await responseText(page))) return true;
      tag += 1;
      await post(app!, buildEnvelope([pushEvent("team/web", `live-${tag}`, new Date().toISOString())]));
      return false;
    }, "a subscription event");
    await page.screenshot({ path: path.join(SCREENSHOTS, "explorer-subscription.png") });
    assert.doesNotMatch(await responseText(page), /"errors"/, "the subscription event carries no error");

    assert.ok(
      requests.some((url) => url.startsWith("wss://")),
      "the subscription went over wss:",
    );
    const origin = new URL(app.url);
    const offOrigin = requests.filter((url) => {
      const target = new URL(url);
      return target.protocol !== "data:" && target.host !== origin.host;
    });
    assert.deepEqual(offOrigin, [], "every request stays on drec's origin");
    assert.deepEqual(problems, [], "no console errors (CSP violations included)");
    await page.close();
  });
});
