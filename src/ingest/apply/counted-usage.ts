import type { ClaimedEvent } from "../ledger/ledger-entries";

/** Counted pulls and pushes of one repository in an applied batch. */
export interface CountedUsage {
  pulls: number;
  pushes: number;
}

/**
 * The pulls and pushes an applied batch added to each repository's numpulls/numpushs: its `pull` and `push`
 * events minus the refused ones. Taken when the batch is applied, so usage metrics count each event once,
 * never a redelivery (a duplicate is not in any batch) or a refused event.
 */
export function countedUsage(
  events: readonly ClaimedEvent[],
  rejected: { has(id: string): boolean },
): Map<string, CountedUsage> {
  const counted = new Map<string, CountedUsage>();
  for (const { id, event } of events) {
    if (rejected.has(id) || (event.kind !== "pull" && event.kind !== "push")) continue;
    const entry = counted.get(event.repository) ?? { pulls: 0, pushes: 0 };
    entry[event.kind === "pull" ? "pulls" : "pushes"] += 1;
    counted.set(event.repository, entry);
  }
  return counted;
}
