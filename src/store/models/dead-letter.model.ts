import { Schema, type Connection, type Model } from "mongoose";

/** An event that arrived in a valid envelope but could not be interpreted. */
export interface DeadLetterDoc {
  receivedAt: Date;
  reason: string;
  /** The event id when it had one, for operators searching by id. */
  eventId?: string;
  /** The source (ingest.sources) that sent it; absent for the default source. */
  source?: string;
  event: unknown;
}

const schema = new Schema<DeadLetterDoc>(
  {
    receivedAt: { type: Date, required: true },
    reason: { type: String, required: true },
    eventId: String,
    source: String,
    event: Schema.Types.Mixed,
  },
  { versionKey: false, autoIndex: false, collection: "drec_dead_letters" },
);
schema.index({ receivedAt: 1 });

/** Registers the dead-letter model on a connection. */
export const deadLetterModel = (conn: Connection): Model<DeadLetterDoc> =>
  conn.model<DeadLetterDoc>("DeadLetter", schema);
