// The top of a repository's page in a real browser: the title breaks only after a slash on a phone.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { fitsWidth, launchChromium, openPage, screenshot, type Chromium } from "./support/browser";
import { postEach, startDashboardApp } from "./support/dashboard";
import { pushEvent } from "./support/seed";
import { renderedLines } from "./support/text-lines";

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
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp();
    await seed(app, [...NAMES, TOO_LONG]);
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
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
});
