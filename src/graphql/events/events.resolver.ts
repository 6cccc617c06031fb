import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { FeedAction, FeedPosition } from "../../stats/event-feed.service";
import { staleQueryProblem } from "../../stats/stale-image-row";
import { connection } from "../common/connection";
import { AFTER_ARG, decodeCursor, encodeCursor, FIRST_ARG, pageSize } from "../common/pagination";
import type { GraphQLContext } from "../context";
import { badUserInput } from "../errors";
import { pageCost } from "../limits";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { EventAction, RegistryEventConnection, type RegistryEvent } from "./registry-event.type";

const MAX_NAME = 512;

/** An optional argument's options. */
function optional(description: string) {
  return { nullable: true, description };
}

/** Query.events: the audit feed. */
@Resolver()
export class EventsResolver {
  @Query(() => RegistryEventConnection, {
    description:
      "The stored events (the ledger of counted events, kept ingest.retention_days), newest first by event " +
      "time, ties by id; first is 20 by default, at most 100. Every filter is optional and they combine.",
    complexity: pageCost(20),
  })
  async events(
    @Ctx() ctx: GraphQLContext,
    @Arg("repository", () => String, optional("Only this repository (exact name)."))
    repository?: string | null,
    @Arg("namespace", () => String, optional('Only repositories under this path prefix, e.g. "team".'))
    namespace?: string | null,
    @Arg("actor", () => String, optional("Only events of this registry user.")) actor?: string | null,
    @Arg("action", () => EventAction, optional("Only this kind of event.")) action?: EventAction | null,
    @Arg("since", () => DateTimeScalar, optional("Only events at or after this time.")) since?: Date | null,
    @Arg("until", () => DateTimeScalar, optional("Only events before this time.")) until?: Date | null,
    @Arg("first", () => Int, FIRST_ARG) first?: number | null,
    @Arg("after", () => String, AFTER_ARG) after?: string | null,
  ): Promise<RegistryEventConnection> {
    const size = pageSize(first, 20);
    for (const [name, value] of [
      ["repository", repository],
      ["actor", actor],
    ] as const)
      if (value !== null && value !== undefined && (value === "" || value.length > MAX_NAME))
        throw badUserInput(`"${name}" must be 1 to ${MAX_NAME} characters`);
    const problem = namespace == null ? null : staleQueryProblem(1, namespace);
    if (problem) throw badUserInput(problem.replace("namespace", '"namespace"'));
    if (since && until && since >= until) throw badUserInput('"since" must be before "until"');
    const page = await ctx.services.events.page(
      {
        repository,
        namespace,
        actor,
        action: action ? (action.toLowerCase() as FeedAction) : null,
        since,
        until,
      },
      size,
      after == null ? undefined : decodeEventCursor(after),
    );
    const edges = page.items.map((event) => ({
      cursor: encodeCursor({ t: event.timestamp.getTime(), i: event.id }),
      node: { ...event, action: event.action.toUpperCase() as EventAction } satisfies RegistryEvent,
    }));
    return connection(edges, page.hasNextPage, after);
  }
}

function decodeEventCursor(cursor: string): FeedPosition {
  const { t, i } = decodeCursor(cursor);
  if (typeof t !== "number" || !Number.isFinite(t) || typeof i !== "string")
    throw badUserInput('"after" is not a cursor of the event feed');
  return { timestamp: t, id: i };
}
