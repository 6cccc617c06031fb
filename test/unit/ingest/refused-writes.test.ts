// Telling a write the database refuses (poison: dead-letter its event) from an outage (retry the batch).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MongoNetworkError, MongoServerError } from "mongodb";
import { Error as MongooseError } from "mongoose";
import { isRefusedWrite } from "../../../src/store/database-errors";

const serverError = (code: number, errmsg: string, labels: string[] = []) =>
  new MongoServerError({ message: errmsg, errmsg, code, errorLabels: labels });

describe("telling refused writes from outages", () => {
  it("when the server answers a conflict, a type mismatch or a bad value, then the write is refused", () => {
    assert.equal(
      isRefusedWrite(serverError(40, "Updating the path 'references' would create a conflict")),
      true,
    );
    assert.equal(isRefusedWrite(serverError(14, "Cannot apply $inc to a value of non-numeric type")), true);
    assert.equal(isRefusedWrite(serverError(2, "The field 'actors' must be an array")), true);
  });

  it("when Mongoose cannot cast a value to the schema, then the write is refused", () => {
    assert.equal(isRefusedWrite(new MongooseError.CastError("Date", "soon", "lastPulledAt")), true);
  });

  it("when the connection fails, the error is labelled retryable, or the server fails internally, then it is an outage", () => {
    assert.equal(isRefusedWrite(new MongoNetworkError("connection reset")), false);
    assert.equal(isRefusedWrite(serverError(2, "bad value", ["RetryableWriteError"])), false);
    assert.equal(isRefusedWrite(serverError(1, "database or disk is full")), false);
    assert.equal(isRefusedWrite(serverError(91, "shutdown in progress")), false);
  });

  it("when a key is duplicate or the error is not the database's, then it is not a refusal", () => {
    assert.equal(isRefusedWrite(serverError(11000, "E11000 duplicate key error")), false);
    assert.equal(isRefusedWrite(new Error("injected crash after tag")), false);
    assert.equal(isRefusedWrite(undefined), false);
  });
});
