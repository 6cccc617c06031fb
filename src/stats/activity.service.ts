import type { Model } from "mongoose";
import { findByIds } from "../store/find-by-ids";
import type { DailyDoc } from "../store/models/daily.model";
import { dailyId } from "../store/document-keys";

/** Pushes and pulls of one repository on one UTC day. */
export interface DailyActivity {
  /** YYYY-MM-DD, UTC. */
  date: string;
  pushCount: number;
  pullCount: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads daily activity buckets by `_id`, many repositories per query, with empty days filled in. */
export class ActivityService {
  constructor(
    private readonly model: Model<DailyDoc>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The last `days` UTC days ending today, oldest first, for each repository: one `_id` query for the
   * daily buckets of every (repository, day).
   */
  async forRepositories(names: readonly string[], days: number): Promise<Map<string, DailyActivity[]>> {
    const dates = lastDays(this.now(), days);
    const ids = names.flatMap((name) => dates.map((date) => dailyId(name, date)));
    const docs = await findByIds<DailyDoc>(this.model, ids, {
      repository: 1,
      day: 1,
      pushCount: 1,
      pullCount: 1,
      _id: 0,
    });
    const counts = new Map(docs.map((doc) => [dailyId(doc.repository, doc.day), doc]));
    return new Map(
      names.map((name) => [
        name,
        dates.map((date) => {
          const doc = counts.get(dailyId(name, date));
          return { date, pushCount: doc?.pushCount ?? 0, pullCount: doc?.pullCount ?? 0 };
        }),
      ]),
    );
  }
}

/** The `days` UTC dates (YYYY-MM-DD) ending with the day of `now`, oldest first. */
export function lastDays(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}
