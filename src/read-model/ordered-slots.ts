// The orderings of the in-memory repository list: one sorted array of slots per way the API sorts, and
// the comparators that keep them sorted. repository-list.ts updates and queries them; a snapshot
// (snapshot-codec.ts) stores them, so a restore fills an empty list without sorting anything.
import type { RepositorySortKey, SortDirection } from "./repository-query";
import { compareUtf8 } from "./byte-order";
import { COLUMN, STRIDE, type RepositoryRecord } from "./repository-record";
import { RepositorySlots } from "./repository-slots";
import { SlotOrder, type Comparator } from "./slot-order";

type ValueKey = Exclude<RepositorySortKey, "name">;

const VALUE_KEYS: readonly ValueKey[] = ["pulls", "pushes", "stars", "lastPulled", "lastPushed"];

/** Repository slots plus their orderings. */
export class OrderedSlots extends RepositorySlots {
  /** `${sort}:${direction}`; NAME DESC walks "name:asc" backwards (names are unique). */
  protected readonly orders = new Map<string, SlotOrder>();
  protected readonly comparators = new Map<string, Comparator>();

  constructor() {
    super();
    const byName: Comparator = (a, b) => this.compareNames(a, b);
    this.orders.set("name:asc", new SlotOrder());
    this.comparators.set("name:asc", byName);
    for (const key of VALUE_KEYS)
      for (const direction of ["asc", "desc"] as const) {
        this.orders.set(`${key}:${direction}`, new SlotOrder());
        this.comparators.set(`${key}:${direction}`, this.valueComparator(key, direction));
      }
  }

  /** The names of the orderings. */
  orderKeys(): string[] {
    return [...this.orders.keys()];
  }

  /**
   * One ordering as positions in `slots` (the slots in the order a snapshot lists them): what
   * restore() takes back.
   */
  orderAsPositions(key: string, positionOf: Int32Array): Int32Array {
    const order = this.orders.get(key)!;
    const out = new Int32Array(order.length);
    for (let i = 0; i < order.length; i++) out[i] = positionOf[order.data[i]];
    return out;
  }

  /** The record a slot holds (a slot slotPositions() listed). */
  recordAt(slot: number): RepositoryRecord {
    return this.record(slot);
  }

  /** Slots in use, ascending, and each slot's position among them (-1 for a free slot). */
  slotPositions(): { slots: number[]; positionOf: Int32Array } {
    const positionOf = new Int32Array(this.names.length).fill(-1);
    const slots: number[] = [];
    for (let slot = 0; slot < this.names.length; slot++)
      if (this.names[slot] !== undefined) {
        positionOf[slot] = slots.length;
        slots.push(slot);
      }
    return { slots, positionOf };
  }

  /**
   * Fills an empty list with records whose orderings are known (each ordering lists positions in
   * `records`): record i gets slot i and no ordering is sorted. Returns false, changing nothing, when the
   * list is not empty, a name repeats, or an ordering is missing or is not a permutation.
   */
  restore(records: readonly RepositoryRecord[], orders: ReadonlyMap<string, Int32Array>): boolean {
    if (this.slotOf.size > 0 || this.names.length > 0) return false;
    if (new Set(records.map((r) => r.name)).size !== records.length) return false;
    for (const key of this.orders.keys()) if (!isPermutation(orders.get(key), records.length)) return false;
    for (const record of records) this.account(this.allocate(record), 1);
    for (const [key, order] of this.orders) {
      const data = new Int32Array(Math.ceil(records.length * 1.25) + 16);
      data.set(orders.get(key)!);
      order.replace(data, records.length);
    }
    return true;
  }

  protected compareNames(a: number, b: number): number {
    const x = this.names[a];
    const y = this.names[b];
    if (this.wide[a] === 1 && this.wide[b] === 1) return compareUtf8(x, y);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  protected comparator(sort: RepositorySortKey, direction: SortDirection): Comparator {
    if (sort !== "name") return this.comparators.get(`${sort}:${direction}`)!;
    const byName = this.comparators.get("name:asc")!;
    return direction === "asc" ? byName : (a, b) => byName(b, a);
  }

  private valueComparator(key: ValueKey, direction: SortDirection): Comparator {
    const column = COLUMN[key];
    const sign = direction === "asc" ? 1 : -1;
    return (a, b) => {
      const x = this.values[a * STRIDE + column];
      const y = this.values[b * STRIDE + column];
      if (x !== y) return x < y ? -sign : sign;
      return this.compareNames(a, b);
    };
  }
}

function isPermutation(order: Int32Array | undefined, length: number): boolean {
  if (!order || order.length !== length) return false;
  const seen = new Uint8Array(length);
  for (const i of order) {
    if (i < 0 || i >= length || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}
