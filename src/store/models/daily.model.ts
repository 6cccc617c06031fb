import { Schema, type Connection, type Model } from "mongoose";

/** Pushes and pulls of one repository on one UTC day, for activity charts. */
export interface DailyDoc {
  /** Natural key as one string (store/document-keys.ts): writes and lookups go through the `_id` index. */
  _id: string;
  repository: string;
  /** UTC day as YYYY-MM-DD; sorts and compares as a string. */
  day: string;
  pushCount: number;
  pullCount: number;
  inflight: string[];
}

const schema = new Schema<DailyDoc>(
  {
    _id: { type: String, required: true },
    repository: { type: String, required: true },
    day: { type: String, required: true },
    pushCount: { type: Number, default: 0 },
    pullCount: { type: Number, default: 0 },
    inflight: { type: [String], default: [] },
  },
  { versionKey: false, autoIndex: false, collection: "drec_daily" },
);
schema.index({ repository: 1, day: 1 }, { unique: true });

/** Registers the daily-bucket model on a connection. */
export const dailyModel = (conn: Connection): Model<DailyDoc> => conn.model<DailyDoc>("Daily", schema);
