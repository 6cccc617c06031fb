import { Field, ObjectType } from "type-graphql";

/** An authenticated API user. */
@ObjectType({ description: "An API user: a name from api.tokens or from the trusted proxy header." })
export class User {
  @Field({ description: "The user name, as in api.tokens or the trusted proxy header." })
  name!: string;
}
