// The in-memory repository list GraphQL pages, filters and counts: the list fields of every repository
// document, one sorted order per ordering, a star index per user, a search text and running totals. Pure
// data: loading and keeping it current is read-model.ts's job.
// This file holds the orderings and the queries; repository-slots.ts the storage.
import type {
  RepositoryFilter,
  RepositoryListQuery,
  RepositoryPage,
  RepositoryPosition,
  RepositorySortKey,
  SortDirection,
} from "./repository-query";
import { compareUtf8 } from "./byte-order";
import { NameSearch } from "./name-search";
import { COLUMN, MISSING, STRIDE, type RepositoryRecord } from "./repository-record";
import { OrderedSlots } from "./ordered-slots";
import { sourceOfRepository } from "./repository-source";
import { indexOfSlot, mergeInto, selectFirst } from "./slot-order";

export type { RepositoryRecord } from "./repository-record";

type ValueKey = Exclude<RepositorySortKey, "name">;

const DATE_KEYS: ReadonlySet<ValueKey> = new Set(["lastPulled", "lastPushed"]);

/**
 * Above this many slots moving in one ordering, an update rebuilds the order by one merge instead of
 * moving each slot (every move shifts the order's tail).
 */
const MOVE_LIMIT = 16;

/**
 * A page of a filter with at most this many candidates (a user's stars, a name prefix, the names holding
 * the search text) is selected from them; with more, walking the ordering finds a page sooner.
 */
const narrowLimit = (size: number): number => Math.min(size / 8, Math.max(256, 8 * Math.sqrt(size)));

/** Repository list fields in memory, ordered every way the API orders them. */
export class RepositoryList extends OrderedSlots {
  private readonly search = new NameSearch(() => ({
    order: this.orders.get("name:asc")!,
    folded: this.folded,
  }));

  /** OrderedSlots.restore, then the name search starts afresh. */
  override restore(records: readonly RepositoryRecord[], orders: ReadonlyMap<string, Int32Array>): boolean {
    const restored = super.restore(records, orders);
    if (restored) this.search.clear();
    return restored;
  }

  /**
   * Replaces, adds (record) or removes (null) repositories by name; the last update of a name wins and
   * records equal to what is held change nothing. Returns how many repositories changed.
   */
  apply(updates: Iterable<readonly [string, RepositoryRecord | null]>): number {
    const changed: [number | undefined, RepositoryRecord | null][] = [];
    for (const [name, next] of new Map(updates)) {
      const slot = this.slotOf.get(name);
      if (slot === undefined && next === null) continue;
      if (slot !== undefined && next !== null && this.same(slot, next)) continue;
      changed.push([slot, next]);
    }
    if (changed.length === 0) return 0;
    // 1. Out of every order they leave or move in, while their old values still sort them.
    const moving = new Map<string, number[]>();
    for (const [key, order] of this.orders) {
      const compare = this.comparators.get(key)!;
      const leaving: number[] = [];
      for (const [slot, next] of changed) {
        if (slot === undefined) continue;
        if (next === null || (key !== "name:asc" && !this.sortsSame(slot, key, next))) leaving.push(slot);
      }
      moving.set(key, leaving);
      if (leaving.length > MOVE_LIMIT) {
        const gone = new Set(leaving);
        const kept = new Int32Array(order.data.length);
        let n = 0;
        for (let i = 0; i < order.length; i++) if (!gone.has(order.data[i])) kept[n++] = order.data[i];
        order.replace(kept, n);
      } else for (const slot of leaving) order.removeAt(indexOfSlot(order, compare, slot));
    }
    // 2. The new values. Released slots are reused only by later updates: they are still in `moving`.
    let namesChanged = false;
    const released: number[] = [];
    for (const entry of changed) {
      const [slot, next] = entry;
      if (slot !== undefined) this.account(slot, -1);
      if (next === null) {
        this.release(slot!);
        released.push(slot!);
        namesChanged = true;
      } else if (slot === undefined) {
        const added = this.allocate(next);
        entry[0] = added;
        for (const leaving of moving.values()) leaving.push(added);
        namesChanged = true;
      } else this.write(slot, next);
      if (next !== null) this.account(entry[0]!, 1);
    }
    // 3. Into every order they joined or moved in, now sorted by their new values.
    for (const [key, order] of this.orders) {
      const compare = this.comparators.get(key)!;
      const arriving = moving.get(key)!.filter((slot) => this.names[slot] !== undefined);
      if (arriving.length > MOVE_LIMIT) mergeInto(order, arriving.sort(compare), compare);
      else
        for (const slot of arriving)
          order.insertAt(
            order.firstIndex((s) => compare(s, slot) > 0),
            slot,
          );
    }
    this.free.push(...released);
    if (namesChanged) this.search.clear();
    return changed.length;
  }

  /**
   * One page ordered by the key then name. Missing values sort as the lowest value: last in descending
   * order, first in ascending order, which is MongoDB's ordering of null. `after` is exclusive.
   */
  list(query: RepositoryListQuery): RepositoryPage {
    const { first, sort, direction, filter } = query;
    const match = this.matcher(filter);
    const after = query.after ? this.afterTest(sort, direction, query.after) : undefined;
    const want = first + 1;
    let found: number[] = [];
    const narrow = this.narrowSource(filter);
    if (narrow) {
      found = selectFirst(narrow.filter(match), this.comparator(sort, direction), after, want);
    } else if (sort === "name" && direction === "desc") {
      const order = this.orders.get("name:asc")!;
      let i = (after ? order.firstIndex((s) => !after(s)) : order.length) - 1;
      for (; i >= 0 && found.length < want; i--) if (match(order.data[i])) found.push(order.data[i]);
    } else {
      const order = this.orders.get(`${sort}:${direction}`)!;
      let i = after ? order.firstIndex(after) : 0;
      for (; i < order.length && found.length < want; i++)
        if (match(order.data[i])) found.push(order.data[i]);
    }
    return {
      items: found.slice(0, first).map((slot) => ({
        repository: this.stats(slot),
        position: this.positionOf(slot, sort),
      })),
      hasNextPage: found.length > first,
    };
  }

  /** How many repositories match the filter. */
  count(filter: RepositoryFilter): number {
    const { namePrefix, search, starredBy, notStarredBy, source } = filter;
    if (!search && starredBy === undefined && notStarredBy === undefined && source === undefined) {
      if (!namePrefix) return this.slotOf.size;
      const [lo, hi] = this.prefixRange(namePrefix);
      return hi - lo;
    }
    if (search && !namePrefix && starredBy === undefined && notStarredBy === undefined && !source) {
      const found = this.searchSlots(search.toLowerCase());
      if (found) return found.length;
    }
    const narrow = this.narrowSource(filter, Infinity);
    const match = this.matcher(filter);
    if (narrow) return narrow.reduce((n, slot) => (match(slot) ? n + 1 : n), 0);
    const order = this.orders.get("name:asc")!;
    let n = 0;
    for (let i = 0; i < order.length; i++) if (match(order.data[i])) n++;
    return n;
  }

  // --- ordering

  /** "Strictly after this position" in the ordering: false, then true along the sorted order. */
  private afterTest(
    sort: RepositorySortKey,
    direction: SortDirection,
    after: RepositoryPosition,
  ): (slot: number) => boolean {
    const name = after.name;
    if (sort === "name")
      return direction === "asc"
        ? (s) => compareUtf8(this.names[s], name) > 0
        : (s) => compareUtf8(this.names[s], name) < 0;
    const raw = after.value;
    const value = raw instanceof Date ? raw.getTime() : typeof raw === "number" ? raw : MISSING;
    const column = COLUMN[sort];
    const sign = direction === "asc" ? 1 : -1;
    return (s) => {
      const v = this.values[s * STRIDE + column];
      return v !== value ? (v < value ? -sign : sign) > 0 : compareUtf8(this.names[s], name) > 0;
    };
  }

  private positionOf(slot: number, sort: RepositorySortKey): RepositoryPosition {
    const name = this.names[slot];
    if (sort === "name") return { value: name, name };
    const v = this.values[slot * STRIDE + COLUMN[sort]];
    const value = v === MISSING ? null : v;
    return { value: DATE_KEYS.has(sort) && value !== null ? new Date(value) : value, name };
  }

  // --- filters

  private matcher(filter: RepositoryFilter): (slot: number) => boolean {
    const prefix = filter.namePrefix || undefined;
    const search = filter.search ? filter.search.toLowerCase() : undefined;
    const { starredBy, notStarredBy, source } = filter;
    return (s) =>
      (source === undefined || sourceOfRepository(this.names[s]) === source) &&
      (prefix === undefined || this.names[s].startsWith(prefix)) &&
      (search === undefined || this.folded[s].includes(search)) &&
      (starredBy === undefined || this.starredByOf[s].includes(starredBy)) &&
      (notStarredBy === undefined || !this.starredByOf[s].includes(notStarredBy));
  }

  /**
   * The candidates of a narrow filter (a user's stars, a name prefix, the names holding the search
   * text), or undefined to scan an order. `limit`: the most candidates worth selecting from.
   */
  private narrowSource(
    filter: RepositoryFilter,
    limit = narrowLimit(this.slotOf.size),
  ): number[] | undefined {
    const sources: (() => number[] | undefined)[] = [];
    if (filter.starredBy !== undefined) {
      const starred = this.stars.get(filter.starredBy);
      if (!starred) return [];
      if (starred.size <= limit) sources.push(() => [...starred]);
    }
    if (filter.namePrefix) {
      const [lo, hi] = this.prefixRange(filter.namePrefix);
      if (hi - lo <= limit)
        sources.push(() => Array.from(this.orders.get("name:asc")!.data.subarray(lo, hi)));
    }
    if (filter.search) {
      const found = this.searchSlots(filter.search.toLowerCase());
      if (found && found.length <= limit) sources.push(() => found);
    }
    let best: number[] | undefined;
    for (const source of sources) {
      const slots = source();
      if (slots && (best === undefined || slots.length < best.length)) best = slots;
    }
    return best;
  }

  /** Index range of the names starting with `prefix` in name order (they are contiguous there). */
  private prefixRange(prefix: string): [number, number] {
    const order = this.orders.get("name:asc")!;
    const lo = order.firstIndex((s) => compareUtf8(this.names[s], prefix) >= 0);
    const hi = order.firstIndex((s) => !this.names[s].startsWith(prefix), lo);
    return [lo, hi];
  }

  private searchSlots(text: string): number[] | undefined {
    return this.search.slots(text);
  }
}
