// Writes a batch's folded counted writes with few commands. The folds of one write name (so of one
// collection) go out as unordered multi-statement `update` commands (store/bulk-update.ts), each
// statement the same marker-guarded upsert applyDocument sends alone. A command the database does not
// confirm for every statement (a conflict, a fold it refuses, a document already holding markers of
// this batch) is taken apart: each of its documents goes through applyDocument, whose markers make a
// second attempt of a statement that did run a no-op, and which writes per event where the fold is
// refused. An outage aborts the batch, as before.
import { inCommands, updateStatements } from "../../store/bulk-update";
import { isDuplicateKey, isRefusedWrite } from "../../store/database-errors";
import { repositoryOf } from "../../store/document-filter";
import { step, type IngestDeps } from "../ingest-deps";
import { applyDocument, foldSkip, type DocumentResult } from "./apply-document";
import type { FoldedWrite } from "./fold";
import { lockRepositories } from "./lock-repositories";
import { countedStatement, modelOf } from "./run-write";

/** What one document of a batch got. */
export interface AppliedDocument {
  write: FoldedWrite;
  result: DocumentResult;
}

// The writes of one name, in the order each name first occurs.
function byName(writes: FoldedWrite[]): FoldedWrite[][] {
  const groups = new Map<string, FoldedWrite[]>();
  for (const write of writes) groups.set(write.name, [...(groups.get(write.name) ?? []), write]);
  return [...groups.values()];
}

// True when the database confirmed every statement of the command; false when it must be taken apart.
async function sendCommand(deps: IngestDeps, batchId: string, command: FoldedWrite[]): Promise<boolean> {
  const { name, target } = command[0];
  const statements = command.map((write) => countedStatement(deps, write, batchId, foldSkip(batchId, write)));
  const send = () => step(deps, name, () => updateStatements(modelOf(deps, target) as never, statements));
  try {
    const counts =
      target === "repositories"
        ? await lockRepositories(
            deps.lock,
            command.map((write) => repositoryOf(target, write.key)),
            send,
          )
        : await send();
    return counts.matched + counts.upserted === statements.length;
  } catch (err) {
    if (isDuplicateKey(err) || isRefusedWrite(err)) return false;
    throw err;
  }
}

/** Applies a batch's counted changes to every document it touches (see apply-document.ts). */
export async function applyDocuments(
  deps: IngestDeps,
  batchId: string,
  folded: FoldedWrite[],
): Promise<AppliedDocument[]> {
  const done: AppliedDocument[] = [];
  const alone = async (write: FoldedWrite) =>
    done.push({ write, result: await applyDocument(deps, batchId, write) });
  for (const group of byName(folded.filter((write) => write.foldable))) {
    for (const command of inCommands(group)) {
      if (await sendCommand(deps, batchId, command)) {
        for (const write of command) done.push({ write, result: { markers: [batchId], refused: new Map() } });
      } else {
        for (const write of command) await alone(write);
      }
    }
  }
  for (const write of folded.filter((w) => !w.foldable)) await alone(write);
  return done;
}
