import { Schema, type Connection, type Model } from "mongoose";

/** How much one actor pushed and pulled one repository. */
export interface ActorDoc {
  /** Natural key as one string (store/document-keys.ts): writes and lookups go through the `_id` index. */
  _id: string;
  repository: string;
  actor: string;
  pushCount: number;
  pullCount: number;
  lastSeenAt?: Date;
  inflight: string[];
}

const schema = new Schema<ActorDoc>(
  {
    _id: { type: String, required: true },
    repository: { type: String, required: true },
    actor: { type: String, required: true },
    pushCount: { type: Number, default: 0 },
    pullCount: { type: Number, default: 0 },
    lastSeenAt: Date,
    inflight: { type: [String], default: [] },
  },
  { versionKey: false, autoIndex: false, collection: "drec_actors" },
);
schema.index({ repository: 1, actor: 1 }, { unique: true });

/** Registers the actor model on a connection. */
export const actorModel = (conn: Connection): Model<ActorDoc> => conn.model<ActorDoc>("Actor", schema);
