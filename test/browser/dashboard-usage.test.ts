// Usage on a repository's page in a real browser: checks, the images table (platforms, tags, pulls
// credited from containerd's HEAD-then-digest sequence), and the original collector's "never" dates.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildEvent, digestOf, type RawEvent } from "../support/builders";
import { buildLegacyRepository } from "../support/stats-builders";
import type { TestApp } from "../support/harness";
import { haveTools, requireTools } from "../support/tools";
import { launchChromium, openPage, type Chromium } from "./support/browser";
import { postEach, startDashboardApp } from "./support/dashboard";

const REPO = "usage/multi";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const INDEX = digestOf("usage-index");
const AMD64 = digestOf("usage-amd64");
const ARM64 = digestOf("usage-arm64");
const REFERENCES = [
  { mediaType: OCI_MANIFEST, digest: AMD64, size: 400, platform: { os: "linux", architecture: "amd64" } },
  { mediaType: OCI_MANIFEST, digest: ARM64, size: 400, platform: { os: "linux", architecture: "arm64" } },
];
const CONTAINERD = { addr: "10.0.0.9:41000", useragent: "containerd/v1.7.24" };
const digits = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));

function usageEvents(now: number): RawEvent[] {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const manifest = (
    action: string,
    digest: string,
    minutesAgo: number,
    extra: Record<string, unknown> = {},
  ) =>
    buildEvent({
      action,
      timestamp: at(minutesAgo),
      ...extra,
      target: { repository: REPO, tag: undefined, digest, mediaType: OCI_MANIFEST, references: undefined },
    } as never);
  const index = (action: string, minutesAgo: number, tag: string | undefined, method: string) =>
    buildEvent({
      action,
      timestamp: at(minutesAgo),
      request: { method, ...CONTAINERD },
      target: { repository: REPO, tag, digest: INDEX, mediaType: OCI_INDEX, references: REFERENCES },
    } as never);
  return [
    manifest("push", AMD64, 30),
    manifest("push", ARM64, 30),
    index("push", 30, "v1", "PUT"),
    index("pull", 10, "v1", "HEAD"),
    index("pull", 10, undefined, "GET"),
    manifest("pull", ARM64, 9, { request: { method: "GET", ...CONTAINERD }, actor: { name: "bob" } }),
  ];
}

describe("dashboard: usage", () => {
  let app: TestApp | undefined;
  let chromium: Chromium | undefined;

  before(async () => {
    if (!haveTools(["chromium"])) return;
    app = await startDashboardApp();
    await postEach(app, usageEvents(Date.now()));
    // As the original collector wrote it after one push (kwk/docker-registry-event-collector, events.go).
    await buildLegacyRepository(app.ctx.db.models, {
      repositoryname: "usage/legacy",
      numpushs: 1,
      numpulls: 0,
      numstars: 0,
      firstpushed: new Date("2015-09-01T10:00:00Z"),
      lastpushed: new Date("2015-09-01T10:00:00Z"),
      firstpulled: new Date(Date.UTC(2099, 0, 1)),
      lastpulled: new Date(Date.UTC(1970, 0, 1)),
      actors: ["alice"],
    });
    // Found by name from now on, as a document another writer adds is after its first E11000.
    await app.ctx.db.repositoryIds.refresh("usage/legacy");
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test("when a multi-arch image was checked and pulled by containerd, then the page shows checks, credited tag pulls and the images table", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/repositories/${REPO}`);
    await page.locator(".images-table").waitFor();
    assert.equal(digits(await page.locator('[data-stat="checks"] .stat-value').textContent()), 1);
    assert.equal(digits(await page.locator('[data-stat="pulls"] .stat-value').textContent()), 1);

    const tag = page.locator('.tags-table tr[data-tag="v1"]');
    assert.equal(digits(await tag.locator('[data-count="pulls"]').textContent()), 1);
    assert.equal(digits(await tag.locator('[data-count="checks"]').textContent()), 1);

    const rows = await page
      .locator(".images-table tbody tr")
      .evaluateAll((els) =>
        els.map((el) => [
          el.getAttribute("data-digest"),
          el.querySelector('[data-label="Platform"]')?.textContent,
          el.querySelector('[data-label="Tags"]')?.textContent,
          el.querySelector('[data-count="pulls"]')?.textContent,
          el.querySelector('[data-count="checks"]')?.textContent,
        ]),
      );
    assert.deepEqual(
      rows.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        [INDEX, "–", "v1", "1", "1"],
        [AMD64, "linux/amd64", "untagged", "0", "0"],
        [ARM64, "linux/arm64", "untagged", "1", "0"],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("when a repository written by the original collector was never pulled, then its pull times read never", async (t) => {
    if (!requireTools(t, ["chromium"]) || !app || !chromium) return;
    const { page, problems } = await openPage(chromium, `${app.url}/repositories/usage/legacy`);
    await page.locator('[data-stat="pulls"]').waitFor();
    const pulls = (await page.locator('[data-stat="pulls"] .stat-times').textContent()) ?? "";
    assert.match(pulls.trim(), /^First\s*never\s*Last\s*never$/);
    const pushes = (await page.locator('[data-stat="pushes"] .stat-times').textContent()) ?? "";
    assert.doesNotMatch(pushes, /never/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
