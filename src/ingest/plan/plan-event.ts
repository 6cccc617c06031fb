// What one classified event writes, as data: pure, so the counting rules and the order of writes are
// visible (and unit-testable) without a database. apply/apply-batch.ts executes the plans of a batch.
//
// Every write is a single-document atomic update. Counter changes ($inc) are "counted" writes: the
// applier folds them per document over a batch and guards them with the batch's marker, so a retry
// cannot repeat them. Everything else ($min, $max, $set
// conditioned on timestamps, deletes) is idempotent and converges to the same documents whatever the
// delivery order, so it simply runs again on redelivery.
import type { ClassifiedEvent } from "../events/event.types";
import { actorChain, dailyChain, repositoryChain } from "./plan-counters";
import { deleteDigestChain, digestPullChain, digestPushChain } from "./plan-digests";
import { checkChains } from "./plan-checks";
import { clientChain } from "./plan-clients";
import { deleteTagChain, tagPullChains, tagPushChain } from "./plan-tags";
import type { WriteChain } from "./plan-types";

export type { Doc, PlannedWrite, Target, WriteChain } from "./plan-types";

function deleteRepositoryChains(event: ClassifiedEvent): WriteChain[] {
  const filter = { repository: event.repository };
  const children = (["tags", "digests", "actors", "daily", "clients"] as const).map((target): WriteChain => [
    { op: "delete", name: `${target}.delete`, target, filter },
  ]);
  const own: WriteChain = [
    {
      op: "delete",
      name: "repository.delete",
      target: "repositories",
      filter: { repositoryname: event.repository },
    },
  ];
  return [own, ...children];
}

/** A counted push or pull: the repository, its tag(s), the digest, the actor and the day, in this order. */
function countedChains(event: ClassifiedEvent, action: "push" | "pull", receivedAt: Date): WriteChain[] {
  const push = action === "push";
  return [
    repositoryChain(event, action, receivedAt),
    ...(push ? [tagPushChain(event)] : tagPullChains(event)),
    push ? digestPushChain(event) : digestPullChain(event),
    actorChain(event, action),
    dailyChain(event, action),
  ];
}

/** The chains of writes that apply one event; `receivedAt` becomes a new repository's createdAt. */
export function planUpdates(event: ClassifiedEvent, receivedAt: Date): WriteChain[] {
  let chains: WriteChain[];
  switch (event.kind) {
    case "push":
      chains = countedChains(event, "push", receivedAt);
      break;
    case "push-untagged":
      chains = [digestPushChain(event)];
      break;
    case "pull":
      chains = countedChains(event, "pull", receivedAt);
      break;
    case "pull-index":
      // Tags are credited per platform manifest fetched, like the repository's pulls; not here.
      chains = [digestPullChain(event), clientChain(event)];
      break;
    case "check":
      chains = [...checkChains(event, receivedAt), clientChain(event)];
      break;
    case "delete-tag":
      chains = event.tag === undefined ? [] : [deleteTagChain(event)];
      break;
    case "delete-digest":
      chains = event.digest === undefined ? [] : [deleteDigestChain(event)];
      break;
    case "delete-repository":
      chains = deleteRepositoryChains(event);
      break;
    case "rename":
      chains = event.rename
        ? [[{ op: "rename", name: "repository.rename", ...event.rename, eventId: event.id }]]
        : [];
      break;
    case "ignored":
      chains = [];
  }
  return chains.filter((chain) => chain.length > 0);
}
