// Totals per namespace (the first path segments of repository names) from the in-memory repository list,
// and daily activity summed over a namespace or the whole registry from drec_daily.
import type { Model } from "mongoose";
import { lastDays, type DailyActivity } from "./activity.service";
import type { DailyDoc } from "../store/models/daily.model";
import type { ReadModel } from "../read-model/read-model";
import { namespaceCondition } from "./stale-image-row";

/** The totals of one namespace. */
export interface NamespaceStats {
  name: string;
  repositoryCount: number;
  pullCount: number;
  pushCount: number;
  starCount: number;
  lastPulledAt: Date | null;
  lastPushedAt: Date | null;
}

/** The namespace of `repository` at `depth`: its first `depth` path segments (the whole name if shorter). */
export const namespaceOf = (repository: string, depth: number): string =>
  repository.split("/").slice(0, depth).join("/");

const later = (a: Date | null, b: number | null): Date | null =>
  b === null ? a : a === null || b > a.getTime() ? new Date(b) : a;

/** Reads namespace totals and summed daily activity. */
export class NamespaceService {
  constructor(
    private readonly cache: ReadModel,
    private readonly daily: Model<DailyDoc>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every namespace at `depth`, unordered; one pass over the repositories held in memory. */
  async all(depth: number): Promise<NamespaceStats[]> {
    await this.cache.current();
    const totals = new Map<string, NamespaceStats>();
    for (const name of this.cache.list.repositoryNames()) {
      const record = this.cache.list.get(name);
      if (!record) continue;
      const key = namespaceOf(name, depth);
      const stats = totals.get(key) ?? {
        name: key,
        repositoryCount: 0,
        pullCount: 0,
        pushCount: 0,
        starCount: 0,
        lastPulledAt: null,
        lastPushedAt: null,
      };
      stats.repositoryCount += 1;
      stats.pullCount += record.pulls ?? 0;
      stats.pushCount += record.pushes ?? 0;
      stats.starCount += record.stars ?? 0;
      stats.lastPulledAt = later(stats.lastPulledAt, record.lastPulled);
      stats.lastPushedAt = later(stats.lastPushedAt, record.lastPushed);
      totals.set(key, stats);
    }
    return [...totals.values()];
  }

  /** The namespace `name` (the repositories named `name` or under `name/`); null when it holds none. */
  async get(name: string): Promise<NamespaceStats | null> {
    const depth = name.split("/").length;
    return (await this.all(depth)).find((ns) => ns.name === name) ?? null;
  }

  /**
   * The last `days` UTC days ending today, oldest first, summed over a namespace (or every repository when
   * null): one read of the buckets from the first day on, streamed and added up.
   */
  async activity(namespace: string | null, days: number): Promise<DailyActivity[]> {
    const dates = lastDays(this.now(), days);
    const sums = new Map(dates.map((date) => [date, { date, pushCount: 0, pullCount: 0 }]));
    const cursor = this.daily
      .find(
        { day: { $gte: dates[0] }, ...namespaceCondition(namespace) },
        { _id: 0, day: 1, pushCount: 1, pullCount: 1 },
      )
      .lean<Pick<DailyDoc, "day" | "pushCount" | "pullCount">>()
      .batchSize(1000)
      .cursor();
    for await (const doc of cursor) {
      const sum = sums.get((doc as DailyDoc).day);
      if (!sum) continue;
      sum.pushCount += (doc as DailyDoc).pushCount ?? 0;
      sum.pullCount += (doc as DailyDoc).pullCount ?? 0;
    }
    return [...sums.values()];
  }
}
