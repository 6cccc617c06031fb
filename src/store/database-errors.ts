// Telling database failures apart. Only a write the driver confirmed may be acknowledged to a registry;
// a duplicate key drives the exactly-once protocol; every other failure that comes from the database is
// a 503 so the registry retries (whether the write happened or not: the ledger makes the retry safe).
// Classes are recognized by name along the prototype chain, not instanceof: Mongoose carries its own
// copy of the driver, whose classes differ from the top-level `mongodb` package's.

/** How a database operation failed, as far as a caller must care. */
export type DbFailure =
  /** E11000: an insert or upsert hit a unique index; the document is there. */
  | "duplicate-key"
  /** Connection refused, reset or closed, a pool cleared, a client closed or never connected. */
  | "unreachable"
  /** No server answered server selection within serverSelectionTimeoutMS. */
  | "server-selection"
  /** A socket, wait-queue or operation timeout: the write may or may not have happened. */
  | "timeout"
  /** The server applied the write but could not confirm the requested durability. */
  | "write-concern"
  /** A (bulk) write whose result does not account for every document sent. */
  | "unconfirmed"
  /** The server refused the command for another reason. */
  | "server"
  /** Not a database error at all: a bug. */
  | "not-database";

/** A write the driver did not confirm; thrown where drec checks a write's result itself. */
export class UnconfirmedWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnconfirmedWriteError";
  }
}

const SERVER_SELECTION = new Set(["MongoServerSelectionError", "MongooseServerSelectionError"]);
const TIMEOUT = new Set(["MongoNetworkTimeoutError", "MongoOperationTimeoutError", "WaitQueueTimeoutError"]);
const UNREACHABLE = new Set([
  "MongoNetworkError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoClientClosedError",
  "MongoServerClosedError",
  "MongoPoolClearedError",
  "PoolClearedError",
  "PoolClearedOnNetworkError",
  "PoolClosedError",
]);
// Socket failures the driver copies onto a bulk write error as its `code`.
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
// Mongoose reports a closed connection with bufferCommands off as a plain MongooseError.
const UNAVAILABLE_MESSAGE = /before initial connection is complete|connection .*(closed|lost)|not connected/i;

// Class names of an error, most derived first (a name getter per class in the driver).
function classNames(err: object): string[] {
  const names: string[] = [];
  for (let p: unknown = Object.getPrototypeOf(err); p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    names.push((p as { constructor: { name: string } }).constructor.name);
  const own = (err as { name?: unknown }).name;
  if (typeof own === "string") names.unshift(own);
  return names;
}

interface WriteErrorLike {
  index: number;
  code?: number;
}

/** The per-document errors of a bulk write error (every batch's, also after a failed later batch). */
export function writeErrorsOf(err: unknown): WriteErrorLike[] {
  const e = err as { result?: { getWriteErrors?: () => unknown }; writeErrors?: unknown } | undefined;
  const fromResult = e?.result?.getWriteErrors?.();
  const errors = Array.isArray(fromResult) && fromResult.length > 0 ? fromResult : e?.writeErrors;
  if (Array.isArray(errors)) return errors as WriteErrorLike[];
  // Older drivers reported a single failure as one object.
  if (errors && typeof errors === "object") return [errors as WriteErrorLike];
  return [];
}

/** True when the error or the result it carries reports a write concern error. */
export function hasWriteConcernError(err: unknown): boolean {
  const e = err as
    | { writeConcernError?: unknown; errInfo?: unknown; result?: { getWriteConcernError?: () => unknown } }
    | undefined;
  if (!e) return false;
  if (e.writeConcernError) return true;
  if (classNames(e).includes("WriteConcernError") || classNames(e).includes("MongoWriteConcernError"))
    return true;
  return Boolean(e.result?.getWriteConcernError?.());
}

/** Documents a bulk insert error says were inserted (from the server's answers, not from the request). */
export function insertedCountOf(err: unknown): number {
  const count = (err as { insertedCount?: unknown } | undefined)?.insertedCount;
  return typeof count === "number" ? count : 0;
}

function classifyOne(err: object): DbFailure | undefined {
  const names = classNames(err);
  const code = (err as { code?: unknown }).code;
  const message = (err as { message?: unknown }).message;
  if (names.includes("UnconfirmedWriteError")) return "unconfirmed";
  if (hasWriteConcernError(err)) return "write-concern";
  if (names.includes("MongoBulkWriteError")) {
    const perDocument = writeErrorsOf(err);
    if (perDocument.length > 0 && perDocument.every((e) => e.code === 11000)) return "duplicate-key";
    if (typeof code === "string" && SOCKET_CODES.has(code)) return "unreachable";
    if (typeof message === "string" && /ECONNREFUSED|ECONNRESET|socket/i.test(message)) return "unreachable";
    // A driver error wrapped as a bulk error carries no per-document errors: nothing is confirmed.
    if (perDocument.length === 0) return "unconfirmed";
    return "server";
  }
  if (code === 11000) return "duplicate-key";
  if (names.some((n) => TIMEOUT.has(n))) return "timeout";
  if (names.some((n) => SERVER_SELECTION.has(n))) return "server-selection";
  if (names.some((n) => UNREACHABLE.has(n))) return "unreachable";
  if (names.includes("MongooseError") && typeof message === "string" && UNAVAILABLE_MESSAGE.test(message))
    return "unreachable";
  if (names.includes("MongoError") || names.includes("MongooseError")) return "server";
  return undefined;
}

/** What kind of database failure `err` is, looking through up to five `cause`s. */
export function classifyDbError(err: unknown): DbFailure {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth += 1) {
    const kind = classifyOne(e);
    if (kind) return kind;
    e = (e as { cause?: unknown }).cause;
  }
  return "not-database";
}

/** True for E11000: an insert or upsert hit a unique index. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | undefined)?.code === 11000;
}

/** True when the database cannot be reached or did not confirm a write (retrying later may work). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const kind = classifyDbError(err);
  return kind !== "not-database" && kind !== "server" && kind !== "duplicate-key";
}

/** True for any failure that came from the database (as opposed to a bug in drec). */
export function isDatabaseFailure(err: unknown): boolean {
  return classifyDbError(err) !== "not-database";
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
