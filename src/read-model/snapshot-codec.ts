// The read model as bytes: what a snapshot (snapshot-store.ts) holds. Gzipped lines of JSON, written and
// read a few thousand repositories at a time, so neither side holds a second copy of the whole model:
//   {"v":1}                                          header (a different version is not read)
//   ["l", [user, ...]]                               a shared actors/stars list, numbered from 0 in order
//   ["r", name, id, [8 numbers], actorsList, starsList]  a repository (id 0: the name; list -1: none)
//   ["o", ordering, base64]                          an ordering: Int32 positions among the "r" lines
//   ["t", repository, [tag, ...], [deleted tag, ...]]    a repository's tag names
// The orderings are stored, not recomputed: sorting 100,000 repositories eleven ways costs seconds.
import { once } from "node:events";
import { createGunzip, createGzip } from "node:zlib";
import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { Types } from "mongoose";
import { FIELDS, NONE, type RepositoryRecord } from "./repository-record";
import type { RepositoryList } from "./repository-list";
import type { TagIndex, TagMark } from "./tag-index";

const VERSION = 1;
/** Lines between turns of the event loop, so a snapshot never holds up requests for long. */
const YIELD_EVERY = 2000;

type StoredId = 0 | { o: string } | { s: string } | { n: number };

/** A decoded snapshot's repositories and orderings, for RepositoryList.restore; tags went to the callback. */
export interface DecodedSnapshot {
  records: RepositoryRecord[];
  orders: Map<string, Int32Array>;
}

/**
 * The list and tag index as gzipped bytes; null when a repository's `_id` is of a type a snapshot cannot
 * keep (neither the name, a string, a number nor an ObjectId): such a database is read in full at start.
 */
export async function encodeSnapshot(list: RepositoryList, tags: TagIndex): Promise<Buffer | null> {
  const gzip = createGzip({ level: 1 });
  const chunks: Buffer[] = [];
  gzip.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => gzip.on("end", resolve).on("error", reject));
  const listNumbers = new Map<readonly string[], number>();
  let lines: string[] = [JSON.stringify({ v: VERSION })];
  // Waiting for zlib to take the text (not only for the next turn) keeps the uncompressed model from
  // piling up in the stream's buffer: that was most of the encoder's RSS peak.
  const flush = async () => {
    const taken = gzip.write(lines.join("\n") + "\n");
    lines = [];
    if (taken) await new Promise((resolve) => setImmediate(resolve));
    else await once(gzip, "drain");
  };
  const listNumber = (items: readonly string[]): number => {
    if (items.length === 0) return -1;
    let n = listNumbers.get(items);
    if (n === undefined) {
      listNumbers.set(items, (n = listNumbers.size));
      lines.push(JSON.stringify(["l", items]));
    }
    return n;
  };
  const { slots, positionOf } = list.slotPositions();
  for (const slot of slots) {
    const record = list.recordAt(slot);
    const name = record.name;
    const id = storedId(record);
    if (id === null) {
      gzip.destroy();
      return null;
    }
    const numbers = FIELDS.map((field) => record[field]);
    lines.push(
      JSON.stringify(["r", name, id, numbers, listNumber(record.actors), listNumber(record.starredBy)]),
    );
    if (lines.length >= YIELD_EVERY) await flush();
  }
  for (const key of list.orderKeys()) {
    const positions = list.orderAsPositions(key, positionOf);
    lines.push(
      JSON.stringify([
        "o",
        key,
        Buffer.from(positions.buffer, positions.byteOffset, positions.byteLength).toString("base64"),
      ]),
    );
    await flush();
  }
  for (const repository of [...tags.repositories()]) {
    const marks = tags.marks(repository);
    const deleted = marks.filter((m) => m.deleted).map((m) => m.tag);
    lines.push(JSON.stringify(["t", repository, marks.map((m) => m.tag), deleted]));
    if (lines.length >= YIELD_EVERY) await flush();
  }
  await flush();
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

/** Reads bytes written by encodeSnapshot; tags go to `tags` as read. Throws on any other bytes. */
export async function decodeSnapshot(
  data: Buffer,
  tags: (repository: string, marks: TagMark[]) => void,
): Promise<DecodedSnapshot> {
  const lines = createInterface({ input: Readable.from([data]).pipe(createGunzip()), crlfDelay: Infinity });
  const lists: (readonly string[])[] = [];
  const records: RepositoryRecord[] = [];
  const orders = new Map<string, Int32Array>();
  let header = false;
  for await (const line of lines) {
    if (line === "") continue;
    const item = JSON.parse(line) as unknown;
    if (!header) {
      if ((item as { v?: unknown }).v !== VERSION)
        throw new Error("not a read model snapshot of this version");
      header = true;
      continue;
    }
    if (!Array.isArray(item)) throw new Error("a snapshot line is not a list");
    if (item[0] === "l") lists.push((item[1] as unknown[]).map(String));
    else if (item[0] === "r") records.push(toRecord(item, lists));
    else if (item[0] === "o") {
      const bytes = Buffer.from(String(item[2]), "base64");
      if (bytes.length % 4 !== 0) throw new Error("a snapshot ordering is cut short");
      const positions = new Int32Array(bytes.length / 4);
      Buffer.from(positions.buffer).set(bytes);
      orders.set(String(item[1]), positions);
    } else if (item[0] === "t") {
      const deleted = new Set((item[3] as unknown[]).map(String));
      const marks = (item[2] as unknown[]).map((tag) => ({
        tag: String(tag),
        deleted: deleted.has(String(tag)),
      }));
      tags(String(item[1]), marks);
    } else throw new Error(`unknown snapshot line ${String(item[0])}`);
  }
  if (!header) throw new Error("an empty read model snapshot");
  return { records, orders };
}

function storedId(record: RepositoryRecord): StoredId | null {
  const { id, name } = record;
  if (id === name) return 0;
  if (id instanceof Types.ObjectId) return { o: id.toHexString() };
  if (typeof id === "string") return { s: id };
  if (typeof id === "number" && Number.isFinite(id)) return { n: id };
  return null;
}

function toRecord(item: unknown[], lists: readonly (readonly string[])[]): RepositoryRecord {
  const [, name, id, numbers, actors, stars] = item as [
    string,
    string,
    StoredId,
    (number | null)[],
    number,
    number,
  ];
  const record = {
    id: readId(String(name), id),
    name: String(name),
    actors: actors >= 0 ? lists[actors] : NONE,
    starredBy: stars >= 0 ? lists[stars] : NONE,
  } as RepositoryRecord;
  FIELDS.forEach((field, i) => (record[field] = typeof numbers[i] === "number" ? numbers[i] : null));
  if (record.actors === undefined || record.starredBy === undefined)
    throw new Error("a snapshot list is missing");
  return record;
}

function readId(name: string, id: StoredId): unknown {
  if (id === 0) return name;
  if ("o" in id) return new Types.ObjectId(id.o);
  if ("s" in id) return id.s;
  return id.n;
}
