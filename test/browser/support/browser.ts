// Debian's Chromium driven by playwright-core: a fresh profile per launch, the flags CI needs, and
// pages that record anything the dashboard should never do (console errors, off-origin requests).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { PACKAGE_ROOT } from "../../../src/paths";

export const CHROMIUM = "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

/** Where the screenshots go; CI keeps test-results/ for the run. */
export const SCREENSHOTS = path.join(PACKAGE_ROOT, "test-results", "screenshots");

/** A running Chromium with its own temporary profile, removed on close. */
export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium; `headers` go with every request (e.g. an SSO proxy's user header). */
export async function launchChromium(options: { headers?: Record<string, string> } = {}): Promise<Chromium> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "drec-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    ignoreHTTPSErrors: true,
    viewport: { width: 1440, height: 900 },
    extraHTTPHeaders: options.headers,
    timeout: 30_000,
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page plus what went wrong on it. */
export interface WatchedPage {
  page: Page;
  /** Console errors, page errors and requests that left the app's origin. */
  problems: string[];
}

/** Opens a page at `url` with the given width, watching for errors and off-origin requests. */
export async function openPage(chromium: Chromium, url: string, width = 1440): Promise<WatchedPage> {
  const page = await chromium.context.newPage();
  const origin = new URL(url).origin;
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const target = new URL(request.url());
    const sameOrigin = target.origin === origin || `https://${target.host}` === origin;
    if (!sameOrigin && target.protocol !== "data:") problems.push(`off-origin request: ${request.url()}`);
  });
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url);
  return { page, problems };
}

/** True when the document is no wider than the window (no horizontal scrolling). */
export function fitsWidth(page: Page): Promise<boolean> {
  // A string, because the root tsconfig has no DOM types; it runs in the page.
  return page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
