// The change log `drec_changes`: what each drec process changed in the statistics, so the other processes
// on the same database can follow (sync/change-sync.ts). The database is all they share.
//
// Entries are numbered 1, 2, 3, … with no gaps, and the `_id` is the number as a fixed-width string, so
// every read is an `_id` lookup (`_id: {$in: [...]}` of strings), the one kind of query every backend
// answers from an index (store/backend-quirks.ts). No counter is taken before the write: a writer inserts
// the number after the last one it knows of, and an E11000 (someone else took it) sends it forward. So a
// number exists only once it is written, and every written number's predecessor was written before it
// (the writer had seen it, or took it): a reader that read entry n - 1 never skips entry n by reading too
// early; it simply finds it on a later read. A crashed writer leaves no hole (it had taken nothing),
// unlike a counter allocated before the insert, whose late or missing entries a reader could not tell
// apart.
//
// Each entry carries a `key` under a unique index: an applied batch's id. A batch re-run after a crash
// (between its entry and its ledger mark) finds the key taken and writes nothing twice.
//
// A `head` document holds a recent number (raised every second, never lowered), so a starting process
// finds the end with a few lookups, and pruning (which removes old entries, never ones at or above it)
// is told apart from "nothing new": a missing entry at or below the head was pruned.
import crypto from "node:crypto";
import type { mongo } from "mongoose";

type Collection<T extends mongo.Document = mongo.Document> = mongo.Collection<T>;
import type { StatsChange } from "../read-model/change-feed";

/** The collection's name in the statistics database. */
export const CHANGES_COLLECTION = "drec_changes";

const HEAD_ID = "head";
const WIDTH = 16;
/** Entries read per lookup. */
export const READ_BATCH = 64;

/** The `_id` of entry `seq`. */
export const seqId = (seq: number): string => String(seq).padStart(WIDTH, "0");

/** One stored change list: which process wrote it and what changed. */
export interface LogEntry {
  seq: number;
  origin: string;
  changes: StatsChange[];
}

/** The stored shape, compact: repository, tags, deleted (FerretDB refuses arrays inside arrays). */
interface StoredChange {
  r: string;
  t?: string[];
  d?: true;
}
interface EntryDoc {
  _id: string;
  key: string;
  origin: string;
  at: Date;
  changes: StoredChange[];
}
interface HeadDoc {
  _id: string;
  key: string;
  seq: number;
  /** Set when the log was first used: a snapshot of another log's positions (a new database) is not ours. */
  generation: string;
}

/** What a read found: entries from the asked number on, without gaps, and the head document's number. */
export interface LogRead {
  entries: LogEntry[];
  head: number;
}

/** Reads and appends the change log. */
export class ChangeLog {
  private readonly collection: Collection<EntryDoc | HeadDoc>;

  constructor(collection: Collection) {
    this.collection = collection as unknown as Collection<EntryDoc | HeadDoc>;
  }

  /** The unique index on `key`; safe to run on every start. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ key: 1 }, { unique: true, name: "key_1" });
  }

  /** The log's generation and its last entry's number (0 when empty); creates the head document once. */
  async end(): Promise<{ generation: string; seq: number }> {
    const head = await this.headDoc();
    let seq = head.seq;
    for (;;) {
      const { entries } = await this.read(seq + 1);
      if (entries.length === 0) return { generation: head.generation, seq };
      seq = entries[entries.length - 1].seq;
    }
  }

  /** Entries `from`, `from + 1`, … as far as they are contiguous (at most READ_BATCH), and the head's number. */
  async read(from: number, limit = READ_BATCH): Promise<LogRead> {
    const ids = Array.from({ length: limit }, (_, i) => seqId(from + i));
    const docs = await this.collection.find({ _id: { $in: [HEAD_ID, ...ids] } }).toArray();
    let head = 0;
    const bySeq = new Map<number, EntryDoc>();
    for (const doc of docs) {
      if (doc._id === HEAD_ID) head = Number((doc as HeadDoc).seq) || 0;
      else bySeq.set(Number(doc._id), doc as EntryDoc);
    }
    const entries: LogEntry[] = [];
    for (let seq = from; bySeq.has(seq); seq++) entries.push(toEntry(seq, bySeq.get(seq)!));
    return { entries, head };
  }

  /**
   * Appends one entry after `after` (the last number the caller knows of) and returns its number, or
   * undefined when an entry with `key` was written before. On a taken number it reads forward to the end
   * and tries the next one.
   */
  async append(
    origin: string,
    key: string,
    changes: readonly StatsChange[],
    after: number,
  ): Promise<number | undefined> {
    let seq = after + 1;
    const doc = {
      key,
      origin,
      at: new Date(),
      changes: changes.map((c): StoredChange => ({
        r: c.repository,
        ...(c.tags.length > 0 ? { t: c.tags } : {}),
        ...(c.deleted ? { d: true as const } : {}),
      })),
    };
    for (;;) {
      try {
        await this.collection.insertOne({ _id: seqId(seq), ...doc });
        return seq;
      } catch (err) {
        if ((err as { code?: unknown }).code !== 11000) throw err;
        // Entries near the end are never removed: a free number means the key was the duplicate.
        const { entries } = await this.read(seq);
        if (entries.length === 0) return undefined;
        seq = entries[entries.length - 1].seq + 1;
      }
    }
  }

  /** Raises the head document's number to `seq` (never lowers it). */
  async raiseHead(seq: number): Promise<void> {
    await this.collection.updateOne({ _id: HEAD_ID }, { $max: { seq } });
  }

  /** Removes entries written before `before`, except the head's and newer ones. Returns how many. */
  async prune(before: Date): Promise<number> {
    const head = await this.headDoc();
    const { deletedCount } = await this.collection.deleteMany({
      _id: { $lt: seqId(head.seq) },
      at: { $lt: before },
    });
    return deletedCount;
  }

  private async headDoc(): Promise<HeadDoc> {
    for (;;) {
      const found = (await this.collection.findOne({ _id: HEAD_ID })) as HeadDoc | null;
      if (found) return found;
      const fresh: HeadDoc = { _id: HEAD_ID, key: HEAD_ID, seq: 0, generation: crypto.randomUUID() };
      try {
        await this.collection.insertOne(fresh);
        return fresh;
      } catch (err) {
        // Another process created it at the same time: read theirs.
        if ((err as { code?: unknown }).code !== 11000) throw err;
      }
    }
  }
}

function toEntry(seq: number, doc: EntryDoc): LogEntry {
  const changes = Array.isArray(doc.changes) ? doc.changes : [];
  return {
    seq,
    origin: String(doc.origin),
    changes: changes.map((change) => ({
      repository: String(change.r),
      tags: Array.isArray(change.t) ? change.t.map(String) : [],
      deleted: change.d === true,
    })),
  };
}
