// Read model snapshots in the database (`drec_snapshots`), so any drec process on it can start from the
// newest one. The bytes (snapshot-codec.ts) are split into parts below the document size limit; a new
// snapshot's parts are written first under a fresh key, then the head document is pointed at them, then
// the old parts are removed: a reader sees the old snapshot or the new one, never a mix. Every read is by
// `_id`.
import crypto from "node:crypto";
import { mongo } from "mongoose";

/** The collection's name in the statistics database. */
export const SNAPSHOTS_COLLECTION = "drec_snapshots";

const HEAD_ID = "read-model";
/**
 * Bytes per part document (the limit is 16 MiB). Small, and read one at a time: 4 MiB parts, read
 * together, made commands and replies of megabytes whose buffers stayed resident (a warm start at
 * 100,000 repositories idled at 251 MB RSS with them, 227 MB with these; one run each).
 */
const PART_BYTES = 256 * 1024;

/** Where in the change log a snapshot stands: every entry up to `seq` of log `generation` is in it. */
export interface SnapshotPosition {
  generation: string;
  seq: number;
}

interface HeadDoc extends SnapshotPosition {
  _id: string;
  key: string;
  parts: number;
  bytes: number;
  at: Date;
}
interface PartDoc {
  _id: string;
  data: mongo.Binary;
}

const partId = (key: string, i: number) => `${HEAD_ID}:${key}:${i}`;

/** Reads and writes the read model's snapshot. */
export class SnapshotStore {
  private readonly collection: mongo.Collection<HeadDoc | PartDoc>;

  constructor(collection: mongo.Collection) {
    this.collection = collection as unknown as mongo.Collection<HeadDoc | PartDoc>;
  }

  /** The newest snapshot, or null when there is none or a part is missing. */
  async load(): Promise<{ position: SnapshotPosition; data: Buffer } | null> {
    const head = (await this.collection.findOne({ _id: HEAD_ID })) as HeadDoc | null;
    if (!head || typeof head.key !== "string" || !(head.parts > 0)) return null;
    const buffers: Buffer[] = [];
    for (let i = 0; i < head.parts; i++) {
      const part = (await this.collection.findOne({ _id: partId(head.key, i) })) as PartDoc | null;
      if (!part) return null;
      buffers.push(Buffer.from(part.data.buffer));
    }
    return {
      position: { generation: String(head.generation), seq: Number(head.seq) },
      data: Buffer.concat(buffers),
    };
  }

  /** Stores `data` as the newest snapshot and removes the one it replaces. */
  async save(position: SnapshotPosition, data: Buffer): Promise<void> {
    const previous = (await this.collection.findOne({ _id: HEAD_ID })) as HeadDoc | null;
    const key = crypto.randomUUID();
    const count = Math.max(1, Math.ceil(data.length / PART_BYTES));
    for (let i = 0; i < count; i++) {
      const bytes = data.subarray(i * PART_BYTES, (i + 1) * PART_BYTES);
      await this.collection.insertOne({ _id: partId(key, i), data: new mongo.Binary(bytes) } as PartDoc);
    }
    const head: Omit<HeadDoc, "_id"> = { ...position, key, parts: count, bytes: data.length, at: new Date() };
    await this.collection.updateOne({ _id: HEAD_ID }, { $set: head }, { upsert: true });
    if (previous && typeof previous.key === "string" && previous.parts > 0) {
      const old = Array.from({ length: previous.parts }, (_, i) => partId(previous.key, i));
      await this.collection.deleteMany({ _id: { $in: old } });
    }
  }
}
