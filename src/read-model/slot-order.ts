// Sorted arrays of slots for repository-list.ts: one per ordering, kept sorted by binary search,
// insertion and an occasional merge.

/** Compares two slots under one ordering. */
export type Comparator = (a: number, b: number) => number;

/** A growable array of slots, kept sorted by its owner. */
export class SlotOrder {
  data: Int32Array = new Int32Array(16);
  length = 0;

  insertAt(i: number, slot: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(Math.ceil(this.data.length * 1.5) + 16);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.copyWithin(i + 1, i, this.length);
    this.data[i] = slot;
    this.length++;
  }

  removeAt(i: number): void {
    this.data.copyWithin(i, i + 1, this.length);
    this.length--;
  }

  /** First index in [lo, hi) whose slot passes `test` (false for a prefix, true for the rest). */
  firstIndex(test: (slot: number) => boolean, lo = 0, hi = this.length): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (test(this.data[mid])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  replace(slots: Int32Array, length: number): void {
    this.data = slots;
    this.length = length;
  }
}

/** The index of `slot` in `order` (binary search, then a scan if equal keys surround it). */
export function indexOfSlot(order: SlotOrder, compare: Comparator, slot: number): number {
  const i = order.firstIndex((s) => compare(s, slot) >= 0);
  if (order.data[i] === slot) return i;
  const found = order.data.subarray(0, order.length).indexOf(slot);
  if (found < 0) throw new Error(`repository list out of order: slot ${slot} is missing`);
  return found;
}

/** Merges sorted `slots` into a sorted order. */
export function mergeInto(order: SlotOrder, slots: number[], compare: Comparator): void {
  const out = new Int32Array(Math.ceil((order.length + slots.length) * 1.25) + 16);
  const data = order.data;
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < order.length && j < slots.length)
    out[k++] = compare(data[i], slots[j]) <= 0 ? data[i++] : slots[j++];
  while (i < order.length) out[k++] = data[i++];
  while (j < slots.length) out[k++] = slots[j++];
  order.replace(out, k);
}

/**
 * The first `count` candidates in the ordering that come after the position, without sorting them all:
 * a sorted window of the best `count` seen so far.
 */
export function selectFirst(
  candidates: number[],
  compare: Comparator,
  after: ((slot: number) => boolean) | undefined,
  count: number,
): number[] {
  const best: number[] = [];
  if (count === 0) return best;
  for (const slot of candidates) {
    if (after && !after(slot)) continue;
    if (best.length === count && compare(slot, best[count - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(best[mid], slot) > 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, slot);
    if (best.length > count) best.pop();
  }
  return best;
}
