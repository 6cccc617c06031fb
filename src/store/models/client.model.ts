import { Schema, type Connection, type Model } from "mongoose";

/**
 * The newest tag one client resolved in one repository (a HEAD or GET naming the tag): a GET by digest
 * from the same client shortly after is a pull of that tag (see ingest/apply/credit-tags.ts).
 */
export interface ClientDoc {
  /** Natural key as one string (store/document-keys.ts): writes and lookups go through the `_id` index. */
  _id: string;
  repository: string;
  /** Request address without port, a space, the user agent (ingest/classify.ts). */
  client: string;
  /** Event timestamp of the newest resolution; only a resolution at least as new replaces `tag`. */
  resolvedAt: Date;
  tag?: string;
  /** The digest the tag named, then the digests its index references (platform manifests). */
  digests: string[];
}

const schema = new Schema<ClientDoc>(
  {
    _id: { type: String, required: true },
    repository: { type: String, required: true },
    client: { type: String, required: true },
    resolvedAt: Date,
    tag: String,
    digests: { type: [String], default: [] },
  },
  { versionKey: false, autoIndex: false, collection: "drec_clients" },
);
schema.index({ repository: 1, client: 1 }, { unique: true });

/** Registers the client model on a connection. */
export const clientModel = (conn: Connection): Model<ClientDoc> => conn.model<ClientDoc>("Client", schema);
