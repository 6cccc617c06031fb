import { Field, ObjectType } from "type-graphql";

/** An authenticated API user. */
@ObjectType({ description: "An API user: a name from api.tokens or from the trusted proxy header." })
export class User {
  @Field()
  name!: string;
}
