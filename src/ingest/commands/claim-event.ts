// The ledger: one drec_events document per event id, inserted before any statistic is written.
// A pending entry is claimed by one process at a time, so two processes never write one event's
// statistics concurrently; otherwise one could write a document whose marker the other just removed.
import { serviceUnavailable } from "../../errors";
import type { EventDoc } from "../../stats/event.model";
import { classify } from "../classify";
import { isDuplicateKey } from "../db-errors";
import { parseEvent, quote } from "../event.schema";
import type { ClassifiedEvent } from "../event.types";
import { step, type IngestDeps } from "../ingest-deps";
import { storable } from "../storable";

/** An event this process may now apply: it holds the ledger claim. */
export interface ClaimedEvent {
  id: string;
  receivedAt: Date;
  event: ClassifiedEvent;
}

/** The outcome of claiming: apply it, it was applied before, or its stored form is unreadable. */
export type Claim =
  | { state: "claimed"; claimed: ClaimedEvent }
  | { state: "applied" }
  | { state: "unreadable"; entry: EventDoc; reason: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The classified event of a ledger entry, from its stored raw event. */
export function classifyStored(
  entry: EventDoc,
): { ok: true; event: ClassifiedEvent } | { ok: false; reason: string } {
  const parsed = parseEvent(entry.event);
  if (!parsed.ok) return { ok: false, reason: `stored event no longer parses: ${parsed.reason}` };
  return { ok: true, event: classify(parsed.event) };
}

function claimedFrom(entry: EventDoc): Claim {
  const stored = classifyStored(entry);
  if (!stored.ok) return { state: "unreadable", entry, reason: stored.reason };
  return { state: "claimed", claimed: { id: entry._id, receivedAt: entry.receivedAt, event: stored.event } };
}

/** Takes over a pending entry whose claim has lapsed (its process died or gave up); null if not possible. */
export async function takeOver(deps: IngestDeps, id: string): Promise<EventDoc | null> {
  const now = new Date();
  return step(deps, "ledger.claim", () =>
    deps.models.events
      .findOneAndUpdate(
        { _id: id, state: "pending", claimedUntil: { $not: { $gt: now } } },
        { $set: { claimedBy: deps.instanceId, claimedUntil: new Date(now.getTime() + deps.claimMs) } },
        { returnDocument: "after" },
      )
      .lean<EventDoc>(),
  );
}

// The entry exists: applied is a duplicate; pending is completed here once its claim lapses. A live
// claim means another request is applying it right now; it usually finishes within milliseconds.
async function claimExisting(deps: IngestDeps, id: string): Promise<Claim> {
  const deadline = Date.now() + deps.claimWaitMs;
  for (;;) {
    const entry = await deps.models.events.findOne({ _id: id }, { state: 1 }).lean<Pick<EventDoc, "state">>();
    if (entry?.state === "applied") return { state: "applied" };
    const taken = entry ? await takeOver(deps, id) : null;
    if (taken) return claimedFrom(taken);
    if (Date.now() >= deadline) {
      throw serviceUnavailable(`event ${quote(id)} is being applied by another request; retry`, 1);
    }
    await sleep(20);
  }
}

/** Inserts the pending ledger entry, claimed by this process, or claims the existing one. */
export async function claimEvent(
  deps: IngestDeps,
  event: ClassifiedEvent,
  raw: unknown,
  receivedAt: Date,
): Promise<Claim> {
  const entry: EventDoc = {
    _id: event.id,
    state: "pending",
    receivedAt,
    repository: event.repository,
    action: (raw as { action?: string }).action ?? "",
    kind: event.kind,
    timestamp: event.timestamp,
    ...(event.actor ? { actor: event.actor } : {}),
    event: storable(raw),
    claimedBy: deps.instanceId,
    claimedUntil: new Date(receivedAt.getTime() + deps.claimMs),
  };
  try {
    await step(deps, "ledger.insert", () => deps.models.events.create(entry));
    return { state: "claimed", claimed: { id: event.id, receivedAt, event } };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return claimExisting(deps, event.id);
}

/** Marks the event applied; only the claim holder may. */
export async function markApplied(deps: IngestDeps, id: string): Promise<void> {
  const result = await step(deps, "ledger.applied", () =>
    deps.models.events.updateOne(
      { _id: id, state: "pending", claimedBy: deps.instanceId },
      { $set: { state: "applied" }, $unset: { claimedBy: "", claimedUntil: "" } },
    ),
  );
  if (result.matchedCount === 1) return;
  const entry = await deps.models.events.findOne({ _id: id }, { state: 1 }).lean<Pick<EventDoc, "state">>();
  // Our claim lapsed and another process finished the event: every write was idempotent, so done.
  if (entry?.state === "applied") return;
  throw serviceUnavailable(`event ${quote(id)} was taken over by another process while applying; retry`, 1);
}

/** Lets another request complete the event at once after a failure, instead of after the claim lapses. */
export async function releaseClaim(deps: IngestDeps, id: string): Promise<void> {
  await step(deps, "ledger.release", () =>
    deps.models.events.updateOne(
      { _id: id, state: "pending", claimedBy: deps.instanceId },
      { $set: { claimedUntil: new Date(0) } },
    ),
  );
}
