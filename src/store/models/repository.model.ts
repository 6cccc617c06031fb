import { Schema, type Connection, type Model, type SchemaDefinition } from "mongoose";

/**
 * The original collector's per-repository document. Field names are a compatibility contract:
 * frontends read this collection directly and `$inc` numstars themselves.
 */
export interface RepositoryDoc {
  repositoryname: string;
  numpushs: number;
  numpulls: number;
  numstars: number;
  firstpushed?: Date;
  lastpushed?: Date;
  firstpulled?: Date;
  lastpulled?: Date;
  actors: string[];
  /** drec: users who starred the repository; numstars moves with it in one update. */
  starredBy: string[];
  /** drec: ids of events being applied (exactly-once markers). */
  inflight: string[];
  /** drec: when drec first saw the repository. */
  createdAt?: Date;
  /** drec: manifest HEADs (checks, not pulls); absent until the first one. */
  checkCount?: number;
  /** drec: event time of the newest check. */
  lastCheckedAt?: Date;
  /** drec: the pulls (counted in numpulls too) by automated clients (ingest.automated); absent until one. */
  automatedPullCount?: number;
}

const schema = new Schema<RepositoryDoc>(
  {
    repositoryname: { type: String, required: true },
    numpushs: { type: Number, default: 0 },
    numpulls: { type: Number, default: 0 },
    numstars: { type: Number, default: 0 },
    firstpushed: Date,
    lastpushed: Date,
    firstpulled: Date,
    lastpulled: Date,
    actors: { type: [String], default: [] },
    starredBy: { type: [String], default: [] },
    inflight: { type: [String], default: [] },
    createdAt: Date,
    checkCount: Number,
    lastCheckedAt: Date,
    automatedPullCount: Number,
  },
  { versionKey: false, autoIndex: false, strict: false },
);

// The name for documents drec creates, an ObjectId for legacy ones (store/repository-ids.ts). Mixed:
// Mongoose must cast neither way.
schema.add({ _id: Schema.Types.Mixed } as SchemaDefinition);
schema.index({ repositoryname: 1 }, { unique: true });
// One index per GraphQL ordering, each with the name as the deterministic tie-break.
for (const field of ["numpulls", "numpushs", "numstars", "lastpulled", "lastpushed"]) {
  schema.index({ [field]: -1, repositoryname: 1 });
}
schema.index({ starredBy: 1 });

/** Registers the repository model on a connection, in the configured collection. */
export const repositoryModel = (conn: Connection, collection: string): Model<RepositoryDoc> =>
  conn.model<RepositoryDoc>("Repository", schema, collection);
