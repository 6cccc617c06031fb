import { Ctx, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import { RegistrySummary } from "./registry-summary.type";

/** Query.registry. */
@Resolver()
export class RegistryResolver {
  @Query(() => RegistrySummary, { description: "Repository count and total pushes, pulls and stars." })
  registry(@Ctx() ctx: GraphQLContext): Promise<RegistrySummary> {
    return ctx.services.registry.summary();
  }
}
