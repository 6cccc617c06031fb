import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context";
import { badUserInput } from "../errors";
import { pageCost } from "../limits";
import { Repository } from "../repository/repository.type";
import { DailyActivity } from "./daily-activity.type";

/** Longest activity window, a leap year. */
export const MAX_ACTIVITY_DAYS = 366;

/** The days argument of every daily series. */
export const ACTIVITY_DAYS_ARG = {
  nullable: true,
  defaultValue: 30,
  description: `UTC days up to today, 1 to ${MAX_ACTIVITY_DAYS}.`,
};

/** Repository.activity, batched across a page of repositories. */
@Resolver(() => Repository)
export class ActivityResolver {
  @FieldResolver(() => [DailyActivity], {
    description:
      "One entry per UTC day, oldest first, ending today; days without events have zero counts. " +
      `days is 30 by default and at most ${MAX_ACTIVITY_DAYS}.`,
    complexity: pageCost(30, "days"),
  })
  activity(
    @Root() repository: Repository,
    @Ctx() ctx: GraphQLContext,
    @Arg("days", () => Int, ACTIVITY_DAYS_ARG)
    days: number | null | undefined,
  ): Promise<DailyActivity[]> {
    return ctx.loaders.activity.load({ repository: repository.name, days: checkActivityDays(days) });
  }
}

/** The asked activity window (30 days when null), or BAD_USER_INPUT when outside 1 to MAX_ACTIVITY_DAYS. */
export function checkActivityDays(days: number | null | undefined): number {
  const window = days ?? 30;
  if (window < 1 || window > MAX_ACTIVITY_DAYS)
    throw badUserInput(`"days" must be between 1 and ${MAX_ACTIVITY_DAYS}; got ${window}`);
  return window;
}
