import { Field, InputType } from "type-graphql";

/** Which repositories a list holds; all given conditions must hold. */
@InputType({ description: "Which repositories a list holds; all given conditions must hold." })
export class RepositoryFilter {
  @Field(() => String, { nullable: true, description: "Names starting with this text (case-sensitive)." })
  namePrefix?: string | null;

  @Field(() => String, { nullable: true, description: "Names containing this text, ignoring case." })
  search?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only repositories the viewer starred (needs a user); false: only the others.",
  })
  starredByViewer?: boolean | null;
}
