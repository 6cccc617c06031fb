// Substring search over repository names: the names in name order as one lower-case text, so a search
// is one native indexOf per match, and the answers of recent searches are kept until names change.
import type { SlotOrder } from "./slot-order";

/** Recent searches kept, and the most matching slots they may hold together. */
const SEARCHES_KEPT = 32;
const SEARCHED_SLOTS_KEPT = 500_000;
/** Separates names in the search text; registry names cannot hold it. */
const SEPARATOR = "\n";

/** The names in name order as one lower-case text, for `search`: one native indexOf per match. */
interface SearchText {
  text: string;
  /** Where each name starts in `text`, in name order. */
  starts: Int32Array;
  /** The slot of each name, in name order. */
  slots: Int32Array;
}

/** Finds the slots whose lower-case name holds a text. */
export class NameSearch {
  private text?: SearchText;
  /** Recent searches' matching slots; they depend on the names only, so they last until names change. */
  private readonly found = new Map<string, number[]>();
  private foundSlots = 0;

  /** @param source the name ordering and the lower-case name of each slot, read when the text is built. */
  constructor(private readonly source: () => { order: SlotOrder; folded: readonly string[] }) {}

  /** Forgets the text and every kept answer: a name was added or removed. */
  clear(): void {
    this.text = undefined;
    this.found.clear();
    this.foundSlots = 0;
  }

  /** Slots whose lower-case name contains `text`, or undefined when the text cannot be searched so. */
  slots(text: string): number[] | undefined {
    if (text.includes(SEPARATOR)) return undefined;
    const known = this.found.get(text);
    if (known) {
      this.found.delete(text);
      this.found.set(text, known);
      return known;
    }
    const index = (this.text ??= this.build());
    const slots: number[] = [];
    let at = index.text.indexOf(text);
    let name = 0;
    while (at >= 0) {
      // The name holding the match: starts are increasing, and so are the matches.
      while (name + 1 < index.starts.length && index.starts[name + 1] <= at) name++;
      slots.push(index.slots[name]);
      const next = name + 1 < index.starts.length ? index.starts[name + 1] : index.text.length;
      at = index.text.indexOf(text, next);
    }
    this.found.set(text, slots);
    this.foundSlots += slots.length;
    for (const [old, oldSlots] of this.found) {
      if (this.found.size <= SEARCHES_KEPT && this.foundSlots <= SEARCHED_SLOTS_KEPT) break;
      this.found.delete(old);
      this.foundSlots -= oldSlots.length;
    }
    return slots;
  }

  private build(): SearchText {
    const { order, folded } = this.source();
    const starts = new Int32Array(order.length);
    const slots = order.data.slice(0, order.length);
    const parts: string[] = new Array<string>(order.length);
    let at = 0;
    for (let i = 0; i < order.length; i++) {
      const name = folded[slots[i]];
      starts[i] = at;
      parts[i] = name;
      at += name.length + SEPARATOR.length;
    }
    return { text: parts.join(SEPARATOR), starts, slots };
  }
}
