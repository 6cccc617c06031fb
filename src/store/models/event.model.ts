import { Schema, type Connection, type Model } from "mongoose";

/**
 * Ledger states: pending until every statistic of the event is written; rejected when the database
 * refused some of its writes (the event is then in drec_dead_letters with the error).
 */
export type LedgerState = "pending" | "applied" | "rejected";

/** One received event: the exactly-once ledger entry and the raw audit log in one document. */
export interface EventDoc {
  /** The registry's event id; a redelivery carries the same one. */
  _id: string;
  state: LedgerState;
  receivedAt: Date;
  repository: string;
  action: string;
  kind: string;
  timestamp: Date;
  actor?: string;
  /** The event as the registry sent it, minus keys the database cannot store (see store/storable-value.ts). */
  event: unknown;
  /** While pending: the drec process applying the event; only it writes the event's statistics. */
  claimedBy?: string;
  /** While pending: when the claim lapses and another process may complete the event. */
  claimedUntil?: Date;
  /**
   * The batch the event is applied in, set before any statistic is written: the batch id is the marker
   * of its counted writes, so a recovery re-applies exactly that batch (see ingest/apply/).
   */
  batch?: string;
  /**
   * A GET by digest: the tags it is credited to, decided once before the batch's first counted write, so
   * a re-applied batch credits the same tags (see ingest/apply/credit-tags.ts).
   */
  credit?: string[];
  /** A pull by an automated client: decided when received, so a recovery counts it the same way. */
  automated?: { moveLastPulled: boolean };
  /** The source (ingest.sources) of an event of any but the default source. */
  source?: string;
}

const schema = new Schema<EventDoc>(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    repository: { type: String, required: true },
    action: String,
    kind: String,
    timestamp: Date,
    actor: String,
    event: Schema.Types.Mixed,
    claimedBy: String,
    claimedUntil: Date,
    batch: String,
    credit: { type: [String], default: undefined },
    automated: Schema.Types.Mixed,
    source: String,
  },
  { versionKey: false, autoIndex: false, collection: "drec_events" },
);
schema.index({ state: 1 });
schema.index({ batch: 1 }, { sparse: true });
schema.index({ receivedAt: 1 });
schema.index({ repository: 1, timestamp: -1 });

/** Registers the event ledger/log model on a connection. */
export const eventModel = (conn: Connection): Model<EventDoc> => conn.model<EventDoc>("Event", schema);
