// The top of a repository's page in a real browser: the title breaks only after a slash on a
// phone, and the docker pull line names the registry's configured address (or the page's host).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { fitsWidth, launchChromium, openPage, screenshot, type Chromium } from "./support/browser";
import { graphql, postEach, startDashboardApp } from "./support/dashboard";
import { pushEvent } from "./support/seed";
import { renderedLines } from "./support/text-lines";

const REGISTRY_ADDRESS = "registry.example.com:5000";
/** A name about as wide as a phone, and one that needs two line breaks there. */
const NAMES = ["team/application-backend", "platform-engineering/internal-services/application-backend"];
/** A last segment wider than a phone: it may break inside, but must not widen the page. */
const TOO_LONG = "archive/a-repository-name-far-too-long-for-one-line-of-a-phone";

async function seed(app: TestApp, names: string[]): Promise<void> {
  await postEach(
    app,
    names.map((name) => pushEvent(name, "1.0", new Date().toISOString())),
  );
}

describe("dashboard: repository page header", () => {
  let app: TestApp | undefined;
  let addressed: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp();
    addressed = await startDashboardApp({ dashboard: { registry_address: REGISTRY_ADDRESS } });
    await seed(app, [...NAMES, TOO_LONG]);
    await seed(addressed, NAMES);
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
    await addressed?.stop();
  });

  NAMES.forEach((name, i) => {
    test(`when ${name} is shown 360 px wide, then its title breaks only after a slash`, async (t) => {
      if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
      const { page, problems } = await openPage(chromium, `${app.url}/repositories/${name}`, 360);
      const title = page.locator(".repository-header .page-title");
      await title.waitFor();
      const lines = await renderedLines(title);
      assert.equal(lines.join(""), name);
      if (i > 0) assert.ok(lines.length > 1, `${name} fits no 360 px line: ${JSON.stringify(lines)}`);
      for (const line of lines.slice(0, -1)) assert.match(line, /\/$/, `lines ${JSON.stringify(lines)}`);
      assert.ok(await fitsWidth(page), "document wider than 360 px");
      await screenshot(page, `repository-title-360-${i + 1}`);
      assert.deepEqual(problems, []);
      await page.close();
    });
  });

  test("when a name's last part is wider than 360 px, then it wraps inside the page as a last resort", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/repositories/${TOO_LONG}`, 360);
    const title = page.locator(".repository-header .page-title");
    await title.waitFor();
    const lines = await renderedLines(title);
    assert.equal(lines.join(""), TOO_LONG);
    assert.equal(lines[0], "archive/", `lines ${JSON.stringify(lines)}`);
    assert.ok(await fitsWidth(page), "document wider than 360 px");
    await screenshot(page, "repository-title-360-too-long");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when the registry's address is configured, then the pull line names it", async (t) => {
    if (!requireTools(t, ["chromium"]) || !addressed || !chromium) return;
    const { page, problems } = await openPage(chromium, `${addressed.url}/repositories/${NAMES[0]}`);
    const command = page.locator("[data-pull-command]");
    await command.waitFor();
    assert.equal(await command.textContent(), `docker pull ${REGISTRY_ADDRESS}/${NAMES[0]}:1.0`);
    const api = await graphql<{ registry: { address: string | null } }>(
      addressed,
      "{ registry { address } }",
    );
    assert.deepEqual(api.data?.registry, { address: REGISTRY_ADDRESS });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when no registry address is configured, then the pull line names the page's host without drec's port", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/repositories/${NAMES[0]}`);
    const command = page.locator("[data-pull-command]");
    await command.waitFor();
    const host = new URL(app.url).hostname;
    assert.equal(await command.textContent(), `docker pull ${host}/${NAMES[0]}:1.0`);
    const api = await graphql<{ registry: { address: string | null } }>(app, "{ registry { address } }");
    assert.deepEqual(api.data?.registry, { address: null });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
