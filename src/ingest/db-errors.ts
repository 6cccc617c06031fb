// Telling database failures apart: a duplicate key drives the exactly-once protocol, an unreachable
// database becomes a 503 so the registry retries, everything else is a bug (500).

const UNAVAILABLE = new Set([
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoServerSelectionError",
  "MongooseServerSelectionError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoClientClosedError",
  "MongoServerClosedError",
  "MongoPoolClearedError",
  "PoolClearedOnNetworkError",
  "MongoOperationTimeoutError",
]);

// Mongoose reports a closed connection with bufferCommands off as a plain MongooseError.
const UNAVAILABLE_MESSAGE = /before initial connection is complete|connection .*(closed|lost)|not connected/i;

/** True for E11000: an insert or upsert hit a unique index. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | undefined)?.code === 11000;
}

/** True when the error means the database cannot be reached right now (retrying later may work). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const { name, message } = e as { name?: unknown; message?: unknown };
    if (typeof name === "string" && UNAVAILABLE.has(name)) return true;
    if (name === "MongooseError" && typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) {
      return true;
    }
  }
  return false;
}

// Server codes that say the write itself is wrong for the document, whatever the time: BadValue,
// FailedToParse, TypeMismatch, Overflow, PathNotViable, ConflictingUpdateOperators, DollarPrefixedFieldName,
// EmptyFieldName, DottedFieldName, ImmutableField, NotImplemented (FerretDB), BSONObjectTooLarge, KeyTooLong.
// Any other code (InternalError included: a full disk shows as one on FerretDB) is retried instead, so an
// outage never turns valid events into dead letters; a stuck applier shows on /readyz.
const REFUSAL_CODES = new Set([2, 9, 14, 15, 28, 40, 52, 56, 57, 66, 238, 10334, 17280]);

// Mongoose refuses a value it cannot cast to the schema before sending anything.
const REFUSAL_NAMES = new Set(["CastError", "ValidationError", "StrictModeError"]);

/**
 * True when the database (or Mongoose, before it) refused a write because of what it writes: retrying
 * the same write on the same document fails the same way. False for outages and unknown errors.
 */
export function isRefusedWrite(err: unknown): boolean {
  if (!err || isDatabaseUnavailable(err) || isDuplicateKey(err)) return false;
  const { name, code, errorLabels } = err as { name?: unknown; code?: unknown; errorLabels?: unknown };
  if (Array.isArray(errorLabels) && errorLabels.length > 0) return false; // retryable or transient labels
  if (typeof name === "string" && REFUSAL_NAMES.has(name)) return true;
  return (
    typeof code === "number" &&
    REFUSAL_CODES.has(code) &&
    typeof name === "string" &&
    name.startsWith("Mongo")
  );
}
