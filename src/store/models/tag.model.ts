import { Schema, type Connection, type Model } from "mongoose";

/** Per-tag statistics of one repository. */
export interface TagDoc {
  /** Natural key as one string (store/document-keys.ts): writes and lookups go through the `_id` index. */
  _id: string;
  repository: string;
  tag: string;
  /** Digest of the newest push (by event timestamp). */
  digest?: string;
  mediaType?: string;
  pushCount: number;
  /** Image manifest GETs that named this tag or were credited to it (see "How usage is counted"). */
  pullCount: number;
  lastPushedAt?: Date;
  lastPulledAt?: Date;
  /** Manifest HEADs (checks, not pulls) that named it; absent until the first one. */
  checkCount?: number;
  /** Event time of the newest check. */
  lastCheckedAt?: Date;
  /** The pulls (counted in pullCount too) by automated clients (ingest.automated); absent until one. */
  automatedPullCount?: number;
  /** True when the newest delete (of the tag, or of its current digest) is not older than the newest push. */
  deleted: boolean;
  /** drec: timestamp of the newest delete that hit the tag; lets out-of-order pushes and deletes converge. */
  deletedAt?: Date;
  inflight: string[];
}

const schema = new Schema<TagDoc>(
  {
    _id: { type: String, required: true },
    repository: { type: String, required: true },
    tag: { type: String, required: true },
    digest: String,
    mediaType: String,
    pushCount: { type: Number, default: 0 },
    pullCount: { type: Number, default: 0 },
    lastPushedAt: Date,
    lastPulledAt: Date,
    checkCount: Number,
    lastCheckedAt: Date,
    automatedPullCount: Number,
    deleted: { type: Boolean, default: false },
    deletedAt: Date,
    inflight: { type: [String], default: [] },
  },
  { versionKey: false, autoIndex: false, collection: "drec_tags" },
);
schema.index({ repository: 1, tag: 1 }, { unique: true });
schema.index({ repository: 1, digest: 1 });

/** Registers the tag model on a connection. */
export const tagModel = (conn: Connection): Model<TagDoc> => conn.model<TagDoc>("Tag", schema);
