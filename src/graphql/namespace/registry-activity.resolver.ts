import { Arg, Ctx, FieldResolver, Int, Resolver } from "type-graphql";
import { DailyActivity } from "../activity/daily-activity.type";
import { ACTIVITY_DAYS_ARG, checkActivityDays } from "../activity/activity.resolver";
import type { GraphQLContext } from "../context";
import { pageCost } from "../limits";
import { RegistrySummary } from "../registry/registry-summary.type";

/** RegistrySummary.activity: the registry-wide daily series. */
@Resolver(() => RegistrySummary)
export class RegistryActivityResolver {
  @FieldResolver(() => [DailyActivity], {
    description:
      "Pushes and pulls over every repository, one entry per UTC day, oldest first, ending today; days is 30 " +
      "by default and at most 366.",
    complexity: pageCost(30, "days"),
  })
  activity(
    @Ctx() ctx: GraphQLContext,
    @Arg("days", () => Int, ACTIVITY_DAYS_ARG)
    days: number | null | undefined,
  ): Promise<DailyActivity[]> {
    return ctx.services.namespaces.activity(null, checkActivityDays(days));
  }
}
