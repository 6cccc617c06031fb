// A real drec for the browser tests: the built dashboard, the GraphQL API and the ingest route on
// the embedded database, filled by posting registry events the way a registry does.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_DASHBOARD_DIR } from "../../../src/dashboard/dashboard.feature";
import { startApp, type TestApp } from "../../support/harness";
import { loadSamples, postEvents } from "../../support/ingest-builders";
import { buildEnvelope, type RawEnvelope, type RawEvent } from "../../support/builders";
import { waitFor } from "../../support/wait";
import { pushEvent, seedEnvelopes } from "./seed";

export const ALICE_TOKEN = "alice-dashboard-token-0123456789";
export const BOB_TOKEN = "bob-dashboard-token-0123456789";

/** Fails early, and clearly, when the dashboard has not been built. */
export function requireBuiltDashboard(): void {
  assert.ok(
    fs.existsSync(path.join(DEFAULT_DASHBOARD_DIR, "index.html")),
    `the dashboard is not built in ${DEFAULT_DASHBOARD_DIR}: run npm run build:web (npm test does it)`,
  );
}

/** Starts drec with API tokens for alice and bob; `overrides` adds config (e.g. a trusted header). */
export function startDashboardApp(overrides: Parameters<typeof startApp>[0] = {}): Promise<TestApp> {
  requireBuiltDashboard();
  return startApp({
    ...overrides,
    api: { tokens: { alice: ALICE_TOKEN, bob: BOB_TOKEN }, ...overrides.api },
  });
}

/** Posts an envelope to the ingest route and checks it was taken. */
export async function post(app: TestApp, envelope: RawEnvelope): Promise<void> {
  const response = await postEvents(app, envelope);
  assert.equal(response.status, 200, `ingest answered ${response.status}: ${response.text}`);
}

/** Posts single events, one request each, as a registry does. */
export async function postEach(app: TestApp, events: RawEvent[]): Promise<void> {
  for (const event of events) await post(app, buildEnvelope([event]));
}

/**
 * The seeded repositories, the three captured sample scenarios replayed as they were delivered,
 * and `extra` one-push repositories (bulk/repo-NN) to make the list longer than a page.
 */
export async function seedDashboard(app: TestApp, extra = 0): Promise<void> {
  for (const envelope of seedEnvelopes()) await post(app, envelope);
  for (const deliveries of loadSamples().values())
    for (const delivery of deliveries) await post(app, delivery.envelope);
  if (extra > 0) {
    const now = Date.now();
    const events = Array.from({ length: extra }, (_, i) =>
      pushEvent(
        `bulk/repo-${String(i + 1).padStart(2, "0")}`,
        "1.0",
        new Date(now - (i + 1) * 3_600_000).toISOString(),
      ),
    );
    await post(app, buildEnvelope(events));
  }
}

/** Runs a GraphQL operation over HTTPS, as the tests' independent view of the data. */
export async function graphql<T>(
  app: TestApp,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await app.request(app.config.graphql.path, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return response.json as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** Polls `condition` until it holds; fails after 10 s with `what` in the message. */
export async function until(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  await waitFor(condition, timeoutMs, { intervalMs: 50, describe: () => `waiting for ${what}` });
}
