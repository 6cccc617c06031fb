// The audit feed: stored events (drec_events, applied or rejected, within ingest.retention_days), newest
// first. Filters and the keyset are database conditions; on the embedded database they scan the log (store/backend-quirks.ts).
import type { Model, QueryFilter } from "mongoose";
import type { EventDoc } from "../store/models/event.model";
import { namespaceCondition } from "./stale-image-row";

/** What the feed groups kinds into. */
export type FeedAction = "push" | "pull" | "check" | "delete";

const KINDS: Record<FeedAction, string[]> = {
  push: ["push", "push-untagged"],
  pull: ["pull", "pull-index"],
  check: ["check"],
  delete: ["delete-digest", "delete-tag", "delete-repository"],
};

/** One entry of the feed. */
export interface FeedEvent {
  id: string;
  repository: string;
  action: FeedAction;
  kind: string;
  timestamp: Date;
  actor: string | null;
  tag: string | null;
  digest: string | null;
  userAgent: string | null;
  automated: boolean;
}

/** Conditions of the feed; all optional. */
export interface FeedFilter {
  repository?: string | null;
  namespace?: string | null;
  actor?: string | null;
  action?: FeedAction | null;
  since?: Date | null;
  until?: Date | null;
}

/** Where a page continues after: the event time and id of the last entry. */
export interface FeedPosition {
  timestamp: number;
  id: string;
}

const actionOf = (kind: string): FeedAction =>
  (Object.keys(KINDS) as FeedAction[]).find((action) => KINDS[action].includes(kind)) ?? "pull";

interface RawTarget {
  target?: { tag?: unknown; digest?: unknown };
  request?: { useragent?: unknown };
}
const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

function toFeedEvent(doc: EventDoc): FeedEvent {
  const raw = (doc.event ?? {}) as RawTarget;
  return {
    id: doc._id,
    repository: doc.repository,
    action: actionOf(doc.kind),
    kind: doc.kind,
    timestamp: doc.timestamp,
    actor: doc.actor ?? null,
    tag: text(raw.target?.tag),
    digest: text(raw.target?.digest),
    userAgent: text(raw.request?.useragent),
    automated: doc.automated !== undefined,
  };
}

// Only the raw event's fields the feed shows, not the whole stored event.
const FEED_PROJECTION = {
  repository: 1,
  kind: 1,
  timestamp: 1,
  actor: 1,
  automated: 1,
  "event.target.tag": 1,
  "event.target.digest": 1,
  "event.request.useragent": 1,
} as const;

/** Reads the event log as a feed. */
export class EventFeedService {
  constructor(private readonly events: Model<EventDoc>) {}

  /** `first` events after `after`, newest first (ties by id, descending), and whether more follow. */
  async page(
    filter: FeedFilter,
    first: number,
    after?: FeedPosition,
  ): Promise<{ items: FeedEvent[]; hasNextPage: boolean }> {
    const time: Record<string, Date> = {};
    if (filter.since) time.$gte = filter.since;
    if (filter.until) time.$lt = filter.until;
    const conditions: QueryFilter<EventDoc>[] = [
      { state: { $in: ["applied", "rejected"] } },
      ...(Object.keys(time).length > 0 ? [{ timestamp: time }] : []),
      ...(filter.repository ? [{ repository: filter.repository }] : []),
      ...(filter.namespace ? [namespaceCondition(filter.namespace) as QueryFilter<EventDoc>] : []),
      ...(filter.actor ? [{ actor: filter.actor }] : []),
      ...(filter.action ? [{ kind: { $in: KINDS[filter.action] } }] : []),
    ];
    if (after) {
      const at = new Date(after.timestamp);
      conditions.push({ $or: [{ timestamp: { $lt: at } }, { timestamp: at, _id: { $lt: after.id } }] });
    }
    const docs = await this.events
      .find({ $and: conditions }, FEED_PROJECTION)
      .sort({ timestamp: -1, _id: -1 })
      .limit(first + 1)
      .lean<EventDoc[]>();
    return { items: docs.slice(0, first).map(toFeedEvent), hasNextPage: docs.length > first };
  }
}
