// The block drec prints at first start, pasted as printed into a real registry's config.yml and the
// registry started with the printed SSL_CERT_FILE line: the registry must reach drec and be counted.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { MongoClient, type Db } from "mongodb";
import { parse } from "yaml";
import { testDatabaseUri, uniqueDatabaseName } from "../support/harness";
import { startDrecProcess, type DrecProcess } from "../support/drec-process";
import { buildOciImage } from "../support/oci-image";
import { freePort, startRegistry, type RunningRegistry } from "../support/registry";
import { pull, push } from "../support/skopeo";
import { haveTools, requireTools } from "../support/tools";
import { waitFor } from "../support/wait";

const TOOLS = ["docker-registry", "skopeo", "htpasswd"];

/** The `notifications:` block of drec's output, exactly as printed (up to the blank line after it). */
function printedBlock(output: string): string {
  const lines = output.split("\n");
  const start = lines.indexOf("notifications:");
  assert.ok(start >= 0, `no notifications block in:\n${output}`);
  const end = lines.indexOf("", start);
  return `${lines.slice(start, end).join("\n")}\n`;
}

/** The certificate file of the printed `SSL_CERT_FILE=<file> registry serve …` line. */
function printedCertFile(output: string): string {
  const match = /^SSL_CERT_FILE=(\S+) /m.exec(output);
  assert.ok(match, `no SSL_CERT_FILE line in:\n${output}`);
  return match[1];
}

describe("the registry setup printed at first start", () => {
  let client: MongoClient;
  let db: Db;
  let drec: DrecProcess;
  let registry: RunningRegistry | undefined;
  let cwd: string;

  before(async () => {
    if (!haveTools(TOOLS)) return;
    const database = uniqueDatabaseName("setup");
    client = await MongoClient.connect(testDatabaseUri());
    db = client.db(database);
    cwd = await mkdtemp(join(os.tmpdir(), "drec-setup-"));
    // No ingest token configured: drec generates one and prints the block. Bound to every interface,
    // as by default, so the printed URL names the machine's host name.
    drec = await startDrecProcess(
      {
        DREC_SERVER_ADDRESS: "0.0.0.0",
        DREC_MONGODB_URI: testDatabaseUri(),
        DREC_MONGODB_DATABASE: database,
        DREC_TEST_CWD: cwd,
      },
      await freePort(),
    );
  });

  after(async () => {
    await registry?.stop();
    await drec?.stop();
    await client?.close();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  test("when the printed block and SSL_CERT_FILE line are used as printed, then the registry's pull is counted", async (t) => {
    if (!requireTools(t, TOOLS)) return;
    const output = await waitFor(
      () => drec.output().includes("This is the only time the token is shown") && drec.output(),
      10_000,
      { describe: () => drec.output() },
    );
    const block = printedBlock(output);
    const certFile = printedCertFile(output);
    t.diagnostic(
      `printed block:\n${block.replace(/Bearer [^\]]+/, "Bearer <token>")}SSL_CERT_FILE=${certFile}`,
    );
    const endpoint = (parse(block) as { notifications: { endpoints: { url: string }[] } }).notifications
      .endpoints[0];
    const dialed = new URL(endpoint.url);
    assert.equal(dialed.hostname, os.hostname(), "the registry dials the machine's host name, as printed");
    assert.equal(certFile, drec.certFile);

    registry = await startRegistry({ appendYaml: block, caCertFile: certFile });
    const { alice, bob } = registry.users;
    const image = await buildOciImage(join(cwd, "image"), { tag: "1.0" });
    await push(image.dir, "1.0", registry.url, "setup/app", alice);
    await (await pull(registry.url, "setup/app", "1.0", bob)).remove();

    const stats = db.collection("registry-stats");
    const doc = await waitFor(
      () => stats.findOne({ repositoryname: "setup/app", numpulls: 1, numpushs: 1 }),
      20_000,
      { describe: () => `registry:\n${registry?.logs().slice(-3000)}\ndrec:\n${drec.output().slice(-2000)}` },
    );
    assert.deepEqual([...(doc.actors as string[])].sort(), ["alice", "bob"]);
    assert.doesNotMatch(registry.logs(), /x509|certificate is valid for/);
  });
});
