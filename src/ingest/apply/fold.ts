// Folds the counted writes of a batch into one write per document: k pulls of one repository become one
// `$inc: k`. Pure, so the merge rules are unit-tested without a database. A fold must never be a write
// the database refuses while each event's own write would pass: defaults that another operator shadows
// are dropped, and a document whose contributions still touch one path under two operators (or a path
// and its parent) is not folded at all: its events are written one by one (see apply-document.ts).
import type { Doc, PlannedWrite } from "../plan/plan-types";
import type { CountedWrite } from "./run-write";

type Counted = PlannedWrite & { op: "counted" };

/** A counted write of one event of the batch. */
export type EventWrite = Counted & { eventId: string };

/** One event's own update of a folded document: what the per-event fallback writes. */
export interface Contribution {
  eventId: string;
  update: Doc;
}

/** The counted writes of a batch to one document. */
export interface FoldedWrite extends CountedWrite {
  /** Each contributing event's own update, in batch order. */
  parts: Contribution[];
  /**
   * False when the parts cannot be combined into one update the database accepts; `update` is then
   * empty and every part is written alone.
   */
  foldable: boolean;
}

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

// Defaults only matter for a new document, and another operator writing the path creates it anyway:
// `$setOnInsert` values, and `$addToSet {$each: []}`, which creates an empty array (the backend drops
// empty arrays given to $setOnInsert: store/backend-quirks.ts). Two pulls of one digest, one listing references ($set) and one
// not ($addToSet default), were refused as a conflict on `references` before these were dropped.
const isDefault = (operator: string, value: unknown) =>
  operator === "$setOnInsert" || (operator === "$addToSet" && eachOf(value).length === 0);

// `a` and `a.b` (or `a` and `a`) cannot be updated by two operators of one update.
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

interface Entry {
  operator: string;
  path: string;
  value: unknown;
}

/** The update without shadowed defaults, or undefined if two non-default paths still collide. */
export function withoutConflicts(update: Doc): Doc | undefined {
  const entries: Entry[] = Object.entries(update).flatMap(([operator, fields]) =>
    Object.entries(fields as Doc).map(([path, value]) => ({ operator, path, value })),
  );
  const kept = entries.filter(
    (e) =>
      !isDefault(e.operator, e.value) ||
      !entries.some(
        (o) => o.operator !== e.operator && !isDefault(o.operator, o.value) && overlaps(o.path, e.path),
      ),
  );
  for (const [i, a] of kept.entries()) {
    if (kept.slice(i + 1).some((b) => b.operator !== a.operator && overlaps(a.path, b.path)))
      return undefined;
  }
  const result: Doc = {};
  for (const { operator, path, value } of kept) ((result[operator] ??= {}) as Doc)[path] = value;
  return result;
}

/** One counted write per document, in the order each document was first written. */
export function foldCounted(writes: readonly EventWrite[]): FoldedWrite[] {
  const folded = new Map<string, FoldedWrite>();
  for (const write of writes) {
    const id = `${write.target}\n${JSON.stringify(write.key)}`;
    let entry = folded.get(id);
    if (!entry) {
      entry = {
        name: write.name,
        target: write.target,
        key: write.key,
        update: {},
        parts: [],
        foldable: true,
      };
      folded.set(id, entry);
    }
    mergeInto(entry.update, write.update);
    entry.parts.push({ eventId: write.eventId, update: write.update });
  }
  return [...folded.values()].map((write) => {
    const update = withoutConflicts(write.update);
    return update ? { ...write, update } : { ...write, update: {}, foldable: false };
  });
}
