// Database failures told apart with the errors the real driver raises against a real database that is
// alive, refusing, killed (SIGKILL) or unreachable. Write concern errors and timeouts are built with the
// driver's own classes: the embedded FerretDB ignores write concerns, and a hung one takes a minute to
// time out.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose, { type Connection } from "mongoose";
import { failedInsertOutcomes, insertedOutcomes } from "../../../src/ingest/ledger/insert-outcome";
import {
  classifyDbError,
  isDatabaseFailure,
  isDatabaseUnavailable,
  writeErrorsOf,
} from "../../../src/store/database-errors";
import { startDbProcess, type DbProcess } from "../../support/db-process";

// The options drec connects with (src/store/database.ts), with shorter waits.
const connect = (uri: string, serverSelectionTimeoutMS = 1000) =>
  mongoose
    .createConnection(uri, { dbName: "errors", bufferCommands: false, serverSelectionTimeoutMS })
    .asPromise();

async function failure(operation: Promise<unknown>): Promise<unknown> {
  return operation.then(
    () => assert.fail("the operation was expected to fail"),
    (err: unknown) => err,
  );
}

const errorsOf = (outcomes: unknown[]) => outcomes.map((o) => (o as { error?: unknown }).error);

describe("database failures told apart, with real driver errors", () => {
  let db: DbProcess;
  let connection: Connection;
  before(async () => {
    db = await startDbProcess();
    connection = await connect(db.uri);
  });
  after(async () => {
    await connection?.close();
    await db?.stop();
  });

  it("when an unordered insert repeats a stored id, then that entry is a confirmed duplicate and the others are new", async () => {
    const ledger = connection.collection("ledger");
    await ledger.insertOne({ _id: "dup-a" } as never);
    const err = await failure(
      ledger.insertMany([{ _id: "dup-a" }, { _id: "dup-b" }, { _id: "dup-c" }] as never[], {
        ordered: false,
      }),
    );
    assert.equal(classifyDbError(err), "duplicate-key");
    assert.deepEqual(failedInsertOutcomes(3, err), ["exists", "new", "new"]);
  });

  it("when an insert is not acknowledged (w: 0), then no entry counts as stored", async () => {
    // A connection of its own: FerretDB answers even unacknowledged writes, which desynchronizes it.
    const own = await connect(db.uri);
    try {
      const result = await own
        .collection("ledger")
        .insertMany([{ _id: "w0-a" }, { _id: "w0-b" }] as never[], { writeConcern: { w: 0 } });
      assert.equal(result.acknowledged, false);
      const errors = errorsOf(insertedOutcomes(2, result));
      assert.equal(errors.length, 2);
      for (const error of errors) assert.equal(classifyDbError(error), "unconfirmed");
    } finally {
      await own.close();
    }
  });

  it("when the server refuses a command, then it is a server failure: from the database, but not an outage", async () => {
    const err = await failure(connection.collection("ledger").updateOne({}, { $foo: { a: 1 } } as never));
    assert.equal(classifyDbError(err), "server");
    assert.equal(isDatabaseFailure(err), true);
    assert.equal(isDatabaseUnavailable(err), false);
  });

  it("when the driver reports a write concern error, then nothing of the insert is confirmed", () => {
    const { MongoWriteConcernError } = mongoose.mongo;
    const writeConcernError = { code: 64, errmsg: "waiting for replication timed out" };
    const plain = new MongoWriteConcernError({ ok: 1, writeConcernError } as never);
    assert.equal(classifyDbError(plain), "write-concern");
    const [outcome] = failedInsertOutcomes(1, plain);
    assert.equal(classifyDbError((outcome as { error: unknown }).error), "unconfirmed");
  });

  it("when a socket or an operation times out, then it is a timeout: the write may or may not have happened", () => {
    // What a hung database (SIGSTOP) yields, once the driver gives up on it; that takes a minute here.
    const { MongoNetworkTimeoutError, MongoOperationTimeoutError } = mongoose.mongo;
    for (const err of [
      new MongoNetworkTimeoutError("connection 3 to 127.0.0.1:27017 timed out"),
      new MongoOperationTimeoutError("Timed out during server selection"),
    ]) {
      assert.equal(classifyDbError(err), "timeout");
      assert.equal(isDatabaseUnavailable(err), true);
    }
  });

  it("when the database is killed, then inserts fail without per-document errors and no entry counts as stored", async () => {
    await connection.collection("ledger").findOne({}); // a pooled connection the kill resets
    await db.kill();
    try {
      // The first attempt meets the reset connection, the later ones a refused connect.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const err = await failure(
          connection
            .collection("ledger")
            .insertMany([{ _id: `k${attempt}-a` }, { _id: `k${attempt}-b` }] as never[], { ordered: false }),
        );
        assert.deepEqual(writeErrorsOf(err), [], "a bulk error with no per-document errors");
        assert.equal(isDatabaseUnavailable(err), true, `attempt ${attempt}: ${String(err)}`);
        for (const error of errorsOf(failedInsertOutcomes(2, err)))
          assert.equal(isDatabaseUnavailable(error), true, "each entry is rejected as unavailable");
      }
      const refused = await failure(connect(db.uri, 200));
      assert.equal(classifyDbError(refused), "server-selection");
    } finally {
      await db.restart();
    }
  });

  it("when the connection is closed, then operations on it are unreachable", async () => {
    const closed = await connect(db.uri);
    await closed.close();
    const err = await failure(closed.collection("ledger").findOne({}));
    assert.equal(classifyDbError(err), "unreachable");
  });

  it("when an error does not come from the database, then it is not-database (a bug, a 500)", () => {
    assert.equal(classifyDbError(new TypeError("x is undefined")), "not-database");
    assert.equal(isDatabaseFailure(new Error("boom")), false);
    assert.equal(classifyDbError(undefined), "not-database");
  });
});
