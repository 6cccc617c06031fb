import { Field, ObjectType, registerEnumType } from "type-graphql";
import { PageInfo } from "../common/page-info.type";
import { DateTimeScalar } from "../scalars/date-time.scalar";

/** What a feed entry did. */
export enum EventAction {
  PUSH = "PUSH",
  PULL = "PULL",
  CHECK = "CHECK",
  DELETE = "DELETE",
}

registerEnumType(EventAction, {
  name: "EventAction",
  description: "What an event in the feed did.",
  valuesConfig: {
    PUSH: { description: "A manifest push, tagged or not." },
    PULL: { description: "A manifest GET (an image, or an index resolving a tag)." },
    CHECK: { description: "A manifest HEAD: a version check, not a pull." },
    DELETE: { description: "A delete of a manifest, a tag or a repository." },
  },
});

/** One stored registry event. */
@ObjectType({ description: "A registry event drec stored, as the audit feed shows it." })
export class RegistryEvent {
  @Field({ description: "The registry's event id." })
  id!: string;

  @Field({ description: "The repository." })
  repository!: string;

  @Field(() => EventAction, { description: "What it did." })
  action!: EventAction;

  @Field({
    description:
      "drec's finer kind: push, push-untagged, pull, pull-index, check, delete-digest, delete-tag, delete-repository.",
  })
  kind!: string;

  @Field(() => DateTimeScalar, { description: "When the registry says it happened (UTC)." })
  timestamp!: Date;

  @Field(() => String, { nullable: true, description: "The registry user; null when anonymous." })
  actor!: string | null;

  @Field(() => String, { nullable: true, description: "The tag the request named; null when none." })
  tag!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The manifest digest; null when the event names none.",
  })
  digest!: string | null;

  @Field(() => String, { nullable: true, description: "The client's User-Agent; null when not sent." })
  userAgent!: string | null;

  @Field({ description: "True for a pull by an automated client (ingest.automated)." })
  automated!: boolean;
}

/** An event and its cursor. */
@ObjectType({ description: "An event in the feed, with the cursor to continue after it." })
export class RegistryEventEdge {
  @Field({ description: "Pass as after to get the older events." })
  cursor!: string;

  @Field(() => RegistryEvent, { description: "The event." })
  node!: RegistryEvent;
}

/** A page of the feed. */
@ObjectType({ description: "A page of the event feed, newest first (Relay connection)." })
export class RegistryEventConnection {
  @Field(() => [RegistryEventEdge], { description: "The page's events with their cursors." })
  edges!: RegistryEventEdge[];

  @Field(() => [RegistryEvent], { description: "The page's events." })
  nodes!: RegistryEvent[];

  @Field(() => PageInfo, { description: "Where the page sits in the feed." })
  pageInfo!: PageInfo;
}
