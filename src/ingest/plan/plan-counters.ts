// Counter chains: the repository document, the actor and the daily bucket of a counted push or pull.
import type { ClassifiedEvent } from "../events/event.types";
import { emptyArrays } from "../../store/backend-quirks";
import { automatedInc, movesLastPulled, utcDay, type WriteChain } from "./plan-types";

/** Which counter a counted event moves. */
export type Counter = "push" | "pull";

/** The original's repository document: counts, first/last times, actor names. */
export function repositoryChain(event: ClassifiedEvent, counter: Counter, receivedAt: Date): WriteChain {
  const [count, other, first, last] =
    counter === "push"
      ? ["numpushs", "numpulls", "firstpushed", "lastpushed"]
      : ["numpulls", "numpushs", "firstpulled", "lastpulled"];
  const update = {
    $inc: { [count]: 1, ...automatedInc(event) },
    $setOnInsert: { [other]: 0, numstars: 0, createdAt: receivedAt },
    $min: { [first]: event.timestamp },
    ...(movesLastPulled(event) ? { $max: { [last]: event.timestamp } } : {}),
    $addToSet: { actors: { $each: event.actor ? [event.actor] : [] }, ...emptyArrays("starredBy") },
  };
  return [
    {
      op: "counted",
      name: "repository",
      target: "repositories",
      key: { repositoryname: event.repository },
      update,
    },
  ];
}

/** Per-actor counts; anonymous events have no actor record. */
export function actorChain(event: ClassifiedEvent, counter: Counter): WriteChain {
  if (!event.actor) return [];
  const [count, other] = counter === "push" ? ["pushCount", "pullCount"] : ["pullCount", "pushCount"];
  const key = { repository: event.repository, actor: event.actor };
  const update = {
    $inc: { [count]: 1 },
    $setOnInsert: { [other]: 0 },
    $max: { lastSeenAt: event.timestamp },
  };
  return [{ op: "counted", name: "actor", target: "actors", key, update }];
}

/** The UTC-day bucket of the event's timestamp. */
export function dailyChain(event: ClassifiedEvent, counter: Counter): WriteChain {
  const [count, other] = counter === "push" ? ["pushCount", "pullCount"] : ["pullCount", "pushCount"];
  const key = { repository: event.repository, day: utcDay(event.timestamp) };
  return [
    {
      op: "counted",
      name: "daily",
      target: "daily",
      key,
      update: { $inc: { [count]: 1 }, $setOnInsert: { [other]: 0 } },
    },
  ];
}
