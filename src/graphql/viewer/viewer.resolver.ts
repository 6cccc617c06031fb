import { Ctx, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import { User } from "./user.type";

/** Query.viewer. */
@Resolver()
export class ViewerResolver {
  @Query(() => User, {
    nullable: true,
    description: "Who the request is authenticated as; null when anonymous.",
  })
  viewer(@Ctx() ctx: GraphQLContext): User | null {
    return ctx.user === null ? null : { name: ctx.user };
  }
}
