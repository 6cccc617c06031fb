// Folds the counted writes of a batch into one write per document: k pulls of one repository become one
// `$inc: k`. Pure, so the merge rules are unit-tested without a database.
import type { Doc, PlannedWrite } from "../commands/plan-types";
import type { CountedWrite } from "../commands/run-write";

type Counted = PlannedWrite & { op: "counted" };

const orderOf = (value: unknown): number | string =>
  value instanceof Date ? value.getTime() : (value as number | string);

const earlier = (a: unknown, b: unknown) => (orderOf(b) < orderOf(a) ? b : a);
const later = (a: unknown, b: unknown) => (orderOf(b) > orderOf(a) ? b : a);

// $addToSet operands are `{ $each: [...] }` or a single value; the union keeps each value once.
const eachOf = (operand: unknown): unknown[] =>
  operand !== null && typeof operand === "object" && "$each" in operand
    ? ((operand as { $each: unknown[] }).$each ?? [])
    : [operand];

function union(a: unknown, b: unknown): { $each: unknown[] } {
  const seen = new Map<string, unknown>();
  for (const value of [...eachOf(a), ...eachOf(b)]) seen.set(JSON.stringify(value), value);
  return { $each: [...seen.values()] };
}

/** How two operands of one operator on one path combine; the first argument is the earlier event's. */
const MERGE: Record<string, (a: unknown, b: unknown) => unknown> = {
  $inc: (a, b) => (a as number) + (b as number),
  $min: earlier,
  $max: later,
  $set: (_a, b) => b,
  $setOnInsert: (a) => a,
  $addToSet: union,
};

function mergeInto(target: Doc, update: Doc): void {
  for (const [operator, fields] of Object.entries(update)) {
    const merge = MERGE[operator];
    if (!merge) throw new Error(`cannot fold update operator ${operator}`);
    const into = (target[operator] ??= {}) as Doc;
    for (const [path, value] of Object.entries(fields as Doc)) {
      if (path in into) into[path] = merge(into[path], value);
      else into[path] = operator === "$addToSet" ? { $each: eachOf(value) } : value;
    }
  }
}

// A pull's `$setOnInsert: {numpushs: 0}` next to a push's `$inc: {numpushs: 1}` would be a conflict: the
// other operator already creates the path.
function dropShadowedDefaults(update: Doc): Doc {
  const defaults = update.$setOnInsert as Doc | undefined;
  if (!defaults) return update;
  for (const [operator, fields] of Object.entries(update)) {
    if (operator === "$setOnInsert") continue;
    for (const path of Object.keys(fields as Doc)) delete defaults[path];
  }
  if (Object.keys(defaults).length === 0) delete update.$setOnInsert;
  return update;
}

/** One counted write per document, in the order each document was first written. */
export function foldCounted(writes: readonly Counted[]): CountedWrite[] {
  const folded = new Map<string, CountedWrite>();
  for (const write of writes) {
    const id = `${write.target}\n${JSON.stringify(write.key)}`;
    let entry = folded.get(id);
    if (!entry) {
      entry = { name: write.name, target: write.target, key: write.key, update: {} };
      folded.set(id, entry);
    }
    mergeInto(entry.update, write.update);
  }
  return [...folded.values()].map((write) => ({ ...write, update: dropShadowedDefaults(write.update) }));
}
