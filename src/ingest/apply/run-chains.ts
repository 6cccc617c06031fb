// The idempotent writes of a batch's events (all but the counted ones), with few commands. A chain writes
// one document in order; different chains are independent, and their writes converge whatever the order
// (plan/plan-event.ts). So the k-th writes of all chains run together as round k: its upserts and updates
// of one write name go out as multi-statement `update` commands (store/bulk-update.ts), the other writes
// (deletes, update-many, inherit-digest-delete) one by one. A command that fails on a duplicate key or a
// refused write is taken apart and its writes run alone, which is safe because each is idempotent; a
// refused write ends its chain and its event is rejected; an outage aborts the batch.
import { inCommands, updateStatements, type UpdateStatement } from "../../store/bulk-update";
import { isDuplicateKey, isRefusedWrite } from "../../store/database-errors";
import { address } from "../../store/document-filter";
import { step, type IngestDeps } from "../ingest-deps";
import type { PlannedWrite, WriteChain } from "../plan/plan-event";
import { modelOf, runWrite } from "./run-write";

type Rest = Exclude<PlannedWrite, { op: "counted" }>;
type Statement = Extract<Rest, { op: "upsert" | "update" }>;

/** Records that an event's write was refused (its event is rejected). */
export type Refuse = (eventId: string, what: string, err: unknown) => void;

interface Chain {
  eventId: string;
  writes: Rest[];
}

const isStatement = (write: Rest): write is Statement => write.op === "upsert" || write.op === "update";

function statementOf(deps: IngestDeps, write: Statement): UpdateStatement {
  const filter = address(deps.repositoryIds, write.target, write.key);
  return write.op === "upsert"
    ? { filter, update: write.update, upsert: true }
    : { filter: { ...filter, ...write.filter }, update: write.update, upsert: false };
}

// True when the write ran; false when the database refused it (recorded).
async function alone(deps: IngestDeps, eventId: string, write: Rest, refuse: Refuse): Promise<boolean> {
  try {
    await step(deps, write.name, () => runWrite(deps, write));
    return true;
  } catch (err) {
    if (!isRefusedWrite(err)) throw err;
    refuse(eventId, `write "${write.name}" refused`, err);
    return false;
  }
}

// True when the command ran every statement; false when it must be taken apart.
async function sendCommand(deps: IngestDeps, writes: Statement[]): Promise<boolean> {
  const { name, target } = writes[0];
  const statements = writes.map((write) => statementOf(deps, write));
  try {
    await step(deps, name, () => updateStatements(modelOf(deps, target) as never, statements));
    return true;
  } catch (err) {
    if (isDuplicateKey(err) || isRefusedWrite(err)) return false;
    throw err;
  }
}

/** Runs the non-counted writes of a batch's plans: each chain in order, chains round by round. */
export async function runChains(
  deps: IngestDeps,
  plans: { id: string; chains: WriteChain[] }[],
  refuse: Refuse,
): Promise<void> {
  let live: Chain[] = plans
    .flatMap(({ id, chains }) =>
      chains.map((chain) => ({ eventId: id, writes: chain.filter((w): w is Rest => w.op !== "counted") })),
    )
    .filter((chain) => chain.writes.length > 0);
  for (let round = 0; live.length > 0; round += 1) {
    const ended = new Set<Chain>();
    const byName = new Map<string, Chain[]>();
    for (const chain of live) {
      const write = chain.writes[round];
      if (isStatement(write)) byName.set(write.name, [...(byName.get(write.name) ?? []), chain]);
      else if (!(await alone(deps, chain.eventId, write, refuse))) ended.add(chain);
    }
    for (const group of byName.values()) {
      for (const command of inCommands(group)) {
        if (
          await sendCommand(
            deps,
            command.map((chain) => chain.writes[round] as Statement),
          )
        )
          continue;
        for (const chain of command)
          if (!(await alone(deps, chain.eventId, chain.writes[round], refuse))) ended.add(chain);
      }
    }
    live = live.filter((chain) => !ended.has(chain) && chain.writes.length > round + 1);
  }
}
