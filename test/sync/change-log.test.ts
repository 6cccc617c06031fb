// The change log several drec processes share (sync/change-log.ts, sync/change-sync.ts), on the real
// test database.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose, { type Connection } from "mongoose";
import pino from "pino";
import { createStatsChanges, type StatsChange } from "../../src/read-model/change-feed";
import { createUpdates } from "../../src/stats/repository-updated-bus";
import { ChangeLog, CHANGES_COLLECTION, seqId } from "../../src/sync/change-log";
import { ChangeSync, type ChangeSyncOptions } from "../../src/sync/change-sync";
import { testDatabaseUri, uniqueDatabaseName } from "../support/harness";
import { waitFor } from "../support/wait";

const buildChange = (overrides: Partial<StatsChange> = {}): StatsChange => ({
  repository: "team/app",
  tags: [],
  deleted: false,
  ...overrides,
});

/** A ChangeSync polling often, on `changeLog`, with a fresh bus unless one is given. */
const buildSync = (changeLog: ChangeLog, overrides: Partial<ChangeSyncOptions> = {}): ChangeSync =>
  new ChangeSync({
    changeLog,
    changes: createStatsChanges(),
    updates: createUpdates(),
    log: pino({ level: "silent" }),
    pollMs: 20,
    retentionMinutes: 60,
    ...overrides,
  });

describe("change log", () => {
  let connection: Connection;
  const log = () =>
    new ChangeLog(connection.db!.collection(`${CHANGES_COLLECTION}_${uniqueDatabaseName("c")}`));
  before(async () => {
    connection = await mongoose
      .createConnection(testDatabaseUri(), { dbName: uniqueDatabaseName("changes"), bufferCommands: false })
      .asPromise();
  });
  after(() => connection.close());

  it("when two writers append at once from a stale position, then entries are 1..N, each once, with no gap", async () => {
    const collection = `${CHANGES_COLLECTION}_${uniqueDatabaseName("race")}`;
    const writers = [0, 1].map(() => new ChangeLog(connection.db!.collection(collection)));
    const appended = await Promise.all(
      writers.map((writer, w) =>
        Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            writer.append(`writer${w}`, `w${w}.${i}`, [buildChange({ repository: `w${w}/r${i}` })], 0),
          ),
        ),
      ),
    );
    const numbers = appended.flat().sort((a, b) => a! - b!);
    assert.deepEqual(
      numbers,
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const { entries } = await writers[0].read(1, 64);
    assert.equal(entries.length, 40);
    assert.deepEqual(
      new Set(entries.map((e) => e.changes[0].repository)).size,
      40,
      "every append is its own entry",
    );
  });

  it("when an entry is read back, then its repositories, tags and deletes are as written", async () => {
    const changes = log();
    const change = buildChange({ repository: "team/x", tags: ["v1", "latest"], deleted: true });
    const seq = (await changes.append("me", "batch.1", [change, buildChange()], 0))!;
    const { entries } = await changes.read(seq);
    assert.deepEqual(entries, [{ seq, origin: "me", changes: [change, buildChange()] }]);
    assert.deepEqual((await changes.end()).seq, seq);
  });

  it("when one key is appended twice (a batch re-run after a crash), then the log holds it once", async () => {
    const changes = log();
    await changes.ensureIndexes();
    const first = await changes.append("crashed", "batch.7", [buildChange({ repository: "k/a" })], 0);
    await changes.append("other", "batch.8", [buildChange({ repository: "k/b" })], 1);
    const again = await changes.append("recovering", "batch.7", [buildChange({ repository: "k/a" })], 0);
    assert.equal(first, 1);
    assert.equal(again, undefined);
    const { entries } = await changes.read(1);
    assert.deepEqual(
      entries.map((e) => [e.seq, e.origin]),
      [
        [1, "crashed"],
        [2, "other"],
      ],
    );
  });

  it("when a follower's next entries were pruned, then it reports the loss and goes on from the head", async () => {
    const collection = connection.db!.collection(`${CHANGES_COLLECTION}_${uniqueDatabaseName("pruned")}`);
    const changes = new ChangeLog(collection);
    for (let i = 0; i < 3; i++)
      await changes.append("writer", `b${i}`, [buildChange({ repository: `p/${i}` })], i);
    await changes.end();
    await changes.raiseHead(3);
    await collection.deleteMany({ _id: { $in: [seqId(1), seqId(2)] } as never });
    const bus = createStatsChanges();
    const seen: string[] = [];
    bus.subscribe((list) => seen.push(...list.map((c) => c.repository)));
    const sync = buildSync(changes, { changes: bus });
    let lost = 0;
    sync.onLost(() => lost++);
    await sync.start();
    await sync.follow(1);
    await changes.append("writer", "after", [buildChange({ repository: "p/after" })], 3);
    await waitFor(() => seen.includes("p/after"), 5000);
    await sync.stop();
    assert.equal(lost, 1);
    assert.deepEqual(seen, ["p/after"]);
  });

  it("when a process follows the log, then it publishes the others' entries and never its own", async () => {
    const collection = connection.db!.collection(`${CHANGES_COLLECTION}_${uniqueDatabaseName("own")}`);
    const build = () => {
      const bus = createStatsChanges();
      const updates = createUpdates();
      const sync = buildSync(new ChangeLog(collection), { changes: bus, updates });
      const seen: string[] = [];
      bus.subscribe((list) => seen.push(...list.map((c) => c.repository)));
      return { bus, sync, seen };
    };
    const [a, b] = [build(), build()];
    for (const side of [a, b]) {
      await side.sync.start();
      await side.sync.follow(1);
    }
    // What each writes, as ingest does: recorded, then published here.
    for (const [side, repository] of [
      [a, "from/a"],
      [b, "from/b"],
    ] as const) {
      const change = buildChange({ repository });
      await side.sync.record(repository, [change]);
      side.bus.publish([change]);
      side.sync.published(repository);
    }
    await waitFor(() => a.seen.includes("from/b") && b.seen.includes("from/a"), 5000);
    await Promise.all([a.sync.stop(), b.sync.stop()]);
    // Each saw its own publication (local) and the other's (relayed), and relayed nothing back.
    assert.deepEqual(a.seen.sort(), ["from/a", "from/b"]);
    assert.deepEqual(b.seen.sort(), ["from/a", "from/b"]);
    const { entries } = await new ChangeLog(collection).read(1);
    assert.equal(entries.length, 2);
  });

  it("when a batch of more than 1000 repositories is recorded twice and by a second process, then it is two entries, once", async () => {
    const collection = connection.db!.collection(`${CHANGES_COLLECTION}_${uniqueDatabaseName("big")}`);
    const build = () => buildSync(new ChangeLog(collection));
    const changes = Array.from({ length: 1001 }, (_, i) => buildChange({ repository: `big/r${i}` }));
    const [first, second] = [build(), build()];
    for (const sync of [first, second]) await sync.start();
    await first.record("batch.big", changes);
    await first.record("batch.big", changes);
    await second.record("batch.big", changes);
    const { entries } = await new ChangeLog(collection).read(1);
    assert.deepEqual(
      entries.map((e) => e.changes.length),
      [1000, 1],
    );
    await Promise.all([first.stop(), second.stop()]);
  });

  it("when this process recorded an entry it has not published yet, then its position stays before it", async () => {
    const collection = connection.db!.collection(`${CHANGES_COLLECTION}_${uniqueDatabaseName("pos")}`);
    const sync = buildSync(new ChangeLog(collection));
    await sync.start();
    await sync.follow(1);
    await sync.record("batch.1", [buildChange({ repository: "pos/a" })]);
    await sync.record("batch.2", [buildChange({ repository: "pos/b" })]);
    assert.equal(sync.position(), 0, "neither entry is published here yet");
    sync.published("batch.1");
    // The reader reads both, but entry 2 is still unpublished here.
    await waitFor(() => sync.position() === 1, 5000);
    assert.equal(sync.position(), 1);
    sync.published("batch.2");
    await waitFor(() => sync.position() === 2, 5000);
    await sync.stop();
  });
});
