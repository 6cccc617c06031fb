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
