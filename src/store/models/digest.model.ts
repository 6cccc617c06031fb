import { Schema, type Connection, type Model } from "mongoose";

/** A manifest reference inside a digest record. */
export interface ReferenceDoc {
  mediaType?: string;
  digest: string;
  size?: number;
  /** The platform an index names for this manifest, when the registry sent it. */
  platform?: { os: string; architecture: string; variant?: string };
}

/** Per-manifest (digest) statistics of one repository. */
export interface DigestDoc {
  /** Natural key as one string (store/document-keys.ts): writes and lookups go through the `_id` index. */
  _id: string;
  repository: string;
  digest: string;
  mediaType?: string;
  references: ReferenceDoc[];
  /** Timestamp of the first push; `pusher` is that push's actor. */
  pushedAt?: Date;
  pusher?: string;
  /** Timestamp of the newest push; a delete newer than it marks the digest deleted. */
  lastPushedAt?: Date;
  pullCount: number;
  lastPulledAt?: Date;
  /** Manifest HEADs (checks, not pulls) that named it; absent until the first one. */
  checkCount?: number;
  /** Event time of the newest check. */
  lastCheckedAt?: Date;
  /** The pulls (counted in pullCount too) by automated clients (ingest.automated); absent until one. */
  automatedPullCount?: number;
  /** Event time of the newest GET by an automated client; lets staleImages(includeAutomated) count them as use. */
  lastAutomatedPulledAt?: Date;
  deleted: boolean;
  /** Timestamp of the newest delete of the manifest. */
  deletedAt?: Date;
  inflight: string[];
}

const schema = new Schema<DigestDoc>(
  {
    _id: { type: String, required: true },
    repository: { type: String, required: true },
    digest: { type: String, required: true },
    mediaType: String,
    references: {
      type: [
        {
          _id: false,
          mediaType: String,
          digest: String,
          size: Number,
          platform: new Schema({ os: String, architecture: String, variant: String }, { _id: false }),
        },
      ],
      default: [],
    },
    pushedAt: Date,
    pusher: String,
    lastPushedAt: Date,
    pullCount: { type: Number, default: 0 },
    lastPulledAt: Date,
    checkCount: Number,
    lastCheckedAt: Date,
    automatedPullCount: Number,
    lastAutomatedPulledAt: Date,
    deleted: { type: Boolean, default: false },
    deletedAt: Date,
    inflight: { type: [String], default: [] },
  },
  { versionKey: false, autoIndex: false, collection: "drec_digests" },
);
schema.index({ repository: 1, digest: 1 }, { unique: true });

/** Registers the digest model on a connection. */
export const digestModel = (conn: Connection): Model<DigestDoc> => conn.model<DigestDoc>("Digest", schema);
