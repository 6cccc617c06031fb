// The in-memory repository list GraphQL pages, filters and counts: the list fields of every repository
// document, one sorted order per ordering, a star index per user, a search text and running totals. Pure
// data: loading and keeping it current is repository-cache.ts's job.
//
// Layout, for memory (100,000 repositories cost ~25 MB): each repository has a slot; its counts and
// times live in one Float64Array (8 numbers per slot, -Infinity for a missing value, which also makes
// it sort lowest), its name, actors and stars in arrays indexed by slot, and each ordering is an
// Int32Array of slots. Equal actor and star lists are shared between slots.
import type { RegistrySummary } from "./registry.service";
import { sourceOfRepository } from "./repository-source";
import type { RepositoryDoc } from "./repository.model";
import type {
  RepositoryFilter,
  RepositoryListQuery,
  RepositoryPage,
  RepositoryPosition,
  RepositorySortKey,
  RepositoryStats,
  SortDirection,
} from "./repository.service";
import { sameId } from "./repository-ids";
import { compareUtf8, isWide } from "./sorted";
import { indexOfSlot, mergeInto, selectFirst, SlotOrder, type Comparator } from "./slot-order";
import { epoch, eventEpoch, storedCount, storedStrings } from "./stored-values";

/** A repository document's list fields, as read; dates are epoch milliseconds, missing is null. */
export interface RepositoryRecord {
  /** The document's `_id`: the name for documents drec created, often an ObjectId for legacy ones. */
  id: unknown;
  name: string;
  pulls: number | null;
  pushes: number | null;
  stars: number | null;
  lastPulled: number | null;
  lastPushed: number | null;
  firstPulled: number | null;
  firstPushed: number | null;
  createdAt: number | null;
  actors: readonly string[];
  starredBy: readonly string[];
}

type ValueKey = Exclude<RepositorySortKey, "name">;
type NumberField = Exclude<keyof RepositoryRecord, "id" | "name" | "actors" | "starredBy">;

/** The numbers of a slot, in this order. */
const FIELDS: readonly NumberField[] = [
  "pulls",
  "pushes",
  "stars",
  "lastPulled",
  "lastPushed",
  "firstPulled",
  "firstPushed",
  "createdAt",
];
const STRIDE = FIELDS.length;
const COLUMN: Record<NumberField, number> = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<
  NumberField,
  number
>;
const VALUE_KEYS: readonly ValueKey[] = ["pulls", "pushes", "stars", "lastPulled", "lastPushed"];
const DATE_KEYS: ReadonlySet<ValueKey> = new Set(["lastPulled", "lastPushed"]);
const MISSING = -Infinity;
const NONE: readonly string[] = Object.freeze([]);
/** Recent searches kept, and the most matching slots they may hold together. */
const SEARCHES_KEPT = 32;
const SEARCHED_SLOTS_KEPT = 500_000;
/** Separates names in the search text; registry names cannot hold it. */
const SEPARATOR = "\n";

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

/** The names in name order as one lower-case text, for `search`: one native indexOf per match. */
interface SearchText {
  text: string;
  /** Where each name starts in `text`, in name order. */
  starts: Int32Array;
  /** The slot of each name, in name order. */
  slots: Int32Array;
}

/** Repository list fields in memory, ordered every way the API orders them. */
export class RepositoryList {
  private readonly slotOf = new Map<string, number>();
  private readonly free: number[] = [];
  private capacity = 0;
  private values = new Float64Array(0);
  private wide = new Uint8Array(0);
  private names: string[] = [];
  /** Lower-case names; the same string when the name is lower case. */
  private folded: string[] = [];
  /** Document ids that are not the name (legacy documents); undefined otherwise. */
  private ids: unknown[] = [];
  private actors: (readonly string[])[] = [];
  private starredByOf: (readonly string[])[] = [];
  /** `${sort}:${direction}`; NAME DESC walks "name:asc" backwards (names are unique). */
  private readonly orders = new Map<string, SlotOrder>();
  private readonly comparators = new Map<string, Comparator>();
  /** User name to the slots they starred. */
  private readonly stars = new Map<string, Set<number>>();
  private readonly totals = { pushCount: 0, pullCount: 0, starCount: 0 };
  /** Shared strings and string lists (most repositories have the same few actors). */
  private readonly interned = new Map<string, string>();
  private readonly internedLists = new Map<string, readonly string[]>();
  private searchText?: SearchText;
  /** Recent searches' matching slots; they depend on the names only, so they last until names change. */
  private readonly searches = new Map<string, number[]>();
  private searchedSlots = 0;

  constructor() {
    const byName: Comparator = (a, b) => this.compareNames(a, b);
    this.orders.set("name:asc", new SlotOrder());
    this.comparators.set("name:asc", byName);
    for (const key of VALUE_KEYS)
      for (const direction of ["asc", "desc"] as const) {
        this.orders.set(`${key}:${direction}`, new SlotOrder());
        this.comparators.set(`${key}:${direction}`, this.valueComparator(key, direction));
      }
  }

  /** How many repositories the list holds. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Every repository name, in no particular order. */
  repositoryNames(): IterableIterator<string> {
    return this.slotOf.keys();
  }

  /** The record of a repository as held, or undefined. */
  get(name: string): RepositoryRecord | undefined {
    const slot = this.slotOf.get(name);
    return slot === undefined ? undefined : this.record(slot);
  }

  /** The `_id` of a repository's document as last read, or undefined when not held. */
  idOf(name: string): unknown {
    const slot = this.slotOf.get(name);
    if (slot === undefined) return undefined;
    return this.ids[slot] === undefined ? name : this.ids[slot];
  }

  /** Reads a stored document's list fields; null when it has no string `repositoryname`. */
  recordOf(doc: Partial<RepositoryDoc> & { _id?: unknown }): RepositoryRecord | null {
    const name = doc.repositoryname;
    if (typeof name !== "string") return null;
    return {
      id: doc._id,
      name,
      pulls: storedCount(doc.numpulls),
      pushes: storedCount(doc.numpushs),
      stars: storedCount(doc.numstars),
      lastPulled: eventEpoch(doc.lastpulled, "last"),
      lastPushed: eventEpoch(doc.lastpushed, "last"),
      firstPulled: eventEpoch(doc.firstpulled, "first"),
      firstPushed: eventEpoch(doc.firstpushed, "first"),
      createdAt: epoch(doc.createdAt),
      actors: storedStrings(doc.actors),
      starredBy: storedStrings(doc.starredBy),
    };
  }

  /** True when the list holds exactly what the document says (reloads compare every document). */
  holds(doc: Partial<RepositoryDoc> & { _id?: unknown }): boolean {
    const name = doc.repositoryname;
    const slot = typeof name === "string" ? this.slotOf.get(name) : undefined;
    if (slot === undefined) return false;
    const base = slot * STRIDE;
    const v = this.values;
    return (
      sameId(this.ids[slot] ?? name, doc._id) &&
      v[base] === stored(storedCount(doc.numpulls)) &&
      v[base + 1] === stored(storedCount(doc.numpushs)) &&
      v[base + 2] === stored(storedCount(doc.numstars)) &&
      v[base + 3] === stored(eventEpoch(doc.lastpulled, "last")) &&
      v[base + 4] === stored(eventEpoch(doc.lastpushed, "last")) &&
      v[base + 5] === stored(eventEpoch(doc.firstpulled, "first")) &&
      v[base + 6] === stored(eventEpoch(doc.firstpushed, "first")) &&
      v[base + 7] === stored(epoch(doc.createdAt)) &&
      sameStrings(this.actors[slot], storedStrings(doc.actors)) &&
      sameStrings(this.starredByOf[slot], storedStrings(doc.starredBy))
    );
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
    if (namesChanged) {
      this.searchText = undefined;
      this.searches.clear();
      this.searchedSlots = 0;
    }
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

  /** The names among `names` that `user` has starred. */
  starredBy(names: readonly string[], user: string): Set<string> {
    return new Set(
      names.filter((name) => {
        const slot = this.slotOf.get(name);
        return slot !== undefined && this.starredByOf[slot].includes(user);
      }),
    );
  }

  /** Repository count and the sums of their counts. */
  summary(): RegistrySummary {
    return { repositoryCount: this.slotOf.size, ...this.totals };
  }

  // --- slots

  private allocate(record: RepositoryRecord): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.names.length;
      if (slot >= this.capacity) this.grow(Math.ceil(this.capacity * 1.5) + 64);
    }
    this.slotOf.set(record.name, slot);
    this.names[slot] = record.name;
    const folded = record.name.toLowerCase();
    this.folded[slot] = folded === record.name ? record.name : folded;
    this.wide[slot] = isWide(record.name) ? 1 : 0;
    this.write(slot, record);
    return slot;
  }

  private write(slot: number, record: RepositoryRecord): void {
    const base = slot * STRIDE;
    for (let f = 0; f < STRIDE; f++) this.values[base + f] = stored(record[FIELDS[f]]);
    this.ids[slot] = sameId(record.name, record.id) ? undefined : record.id;
    this.actors[slot] = this.internList(record.actors);
    this.starredByOf[slot] = this.internList(record.starredBy);
  }

  private release(slot: number): void {
    this.slotOf.delete(this.names[slot]);
    (this.names as (string | undefined)[])[slot] = undefined;
    (this.folded as (string | undefined)[])[slot] = undefined;
    this.ids[slot] = undefined;
    this.actors[slot] = NONE;
    this.starredByOf[slot] = NONE;
  }

  private grow(capacity: number): void {
    const values = new Float64Array(capacity * STRIDE);
    values.set(this.values);
    this.values = values;
    const wide = new Uint8Array(capacity);
    wide.set(this.wide);
    this.wide = wide;
    this.capacity = capacity;
  }

  private record(slot: number): RepositoryRecord {
    const base = slot * STRIDE;
    const value = (f: number) => {
      const v = this.values[base + f];
      return v === MISSING ? null : v;
    };
    return {
      id: this.ids[slot] ?? this.names[slot],
      name: this.names[slot],
      pulls: value(0),
      pushes: value(1),
      stars: value(2),
      lastPulled: value(3),
      lastPushed: value(4),
      firstPulled: value(5),
      firstPushed: value(6),
      createdAt: value(7),
      actors: this.actors[slot],
      starredBy: this.starredByOf[slot],
    };
  }

  private same(slot: number, record: RepositoryRecord): boolean {
    const base = slot * STRIDE;
    for (let f = 0; f < STRIDE; f++) if (this.values[base + f] !== stored(record[FIELDS[f]])) return false;
    return (
      sameId(this.ids[slot] ?? this.names[slot], record.id) &&
      sameStrings(this.actors[slot], record.actors) &&
      sameStrings(this.starredByOf[slot], record.starredBy)
    );
  }

  /** Whether a slot's new record keeps its place in an ordering (same sort value; the name is the same). */
  private sortsSame(slot: number, key: string, next: RepositoryRecord): boolean {
    const field = key.slice(0, key.indexOf(":")) as ValueKey;
    return this.values[slot * STRIDE + COLUMN[field]] === stored(next[field]);
  }

  private account(slot: number, sign: 1 | -1): void {
    const base = slot * STRIDE;
    const count = (f: number) => (this.values[base + f] === MISSING ? 0 : this.values[base + f]);
    this.totals.pullCount += sign * count(0);
    this.totals.pushCount += sign * count(1);
    this.totals.starCount += sign * count(2);
    for (const user of this.starredByOf[slot]) {
      let set = this.stars.get(user);
      if (sign > 0) {
        if (!set) this.stars.set(user, (set = new Set()));
        set.add(slot);
      } else if (set) {
        set.delete(slot);
        if (set.size === 0) this.stars.delete(user);
      }
    }
  }

  private internList(list: readonly string[]): readonly string[] {
    if (list.length === 0) return NONE;
    const key = list.join("\u0000");
    const known = this.internedLists.get(key);
    if (known) return known;
    const shared = Object.freeze(list.map((item) => this.intern(item)));
    this.internedLists.set(key, shared);
    return shared;
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    this.interned.set(text, text);
    return text;
  }

  // --- ordering

  private compareNames(a: number, b: number): number {
    const x = this.names[a];
    const y = this.names[b];
    if (this.wide[a] === 1 && this.wide[b] === 1) return compareUtf8(x, y);
    return x < y ? -1 : x > y ? 1 : 0;
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

  private comparator(sort: RepositorySortKey, direction: SortDirection): Comparator {
    if (sort !== "name") return this.comparators.get(`${sort}:${direction}`)!;
    const byName = this.comparators.get("name:asc")!;
    return direction === "asc" ? byName : (a, b) => byName(b, a);
  }

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

  private stats(slot: number): RepositoryStats {
    const base = slot * STRIDE;
    const count = (f: number) => (this.values[base + f] === MISSING ? 0 : this.values[base + f]);
    const date = (f: number) => (this.values[base + f] === MISSING ? null : new Date(this.values[base + f]));
    return {
      name: this.names[slot],
      pullCount: count(0),
      pushCount: count(1),
      starCount: count(2),
      lastPulledAt: date(3),
      lastPushedAt: date(4),
      firstPulledAt: date(5),
      firstPushedAt: date(6),
      createdAt: date(7),
      actors: [...this.actors[slot]],
    };
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

  /** Slots whose lower-case name contains `text`, or undefined when the text cannot be searched so. */
  private searchSlots(text: string): number[] | undefined {
    if (text.includes(SEPARATOR)) return undefined;
    const known = this.searches.get(text);
    if (known) {
      this.searches.delete(text);
      this.searches.set(text, known);
      return known;
    }
    const index = (this.searchText ??= this.buildSearchText());
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
    this.searches.set(text, slots);
    this.searchedSlots += slots.length;
    for (const [old, oldSlots] of this.searches) {
      if (this.searches.size <= SEARCHES_KEPT && this.searchedSlots <= SEARCHED_SLOTS_KEPT) break;
      this.searches.delete(old);
      this.searchedSlots -= oldSlots.length;
    }
    return slots;
  }

  private buildSearchText(): SearchText {
    const order = this.orders.get("name:asc")!;
    const starts = new Int32Array(order.length);
    const slots = order.data.slice(0, order.length);
    const parts: string[] = new Array<string>(order.length);
    let at = 0;
    for (let i = 0; i < order.length; i++) {
      const folded = this.folded[slots[i]];
      starts[i] = at;
      parts[i] = folded;
      at += folded.length + SEPARATOR.length;
    }
    return { text: parts.join(SEPARATOR), starts, slots };
  }
}

const stored = (value: number | null): number => (value === null ? MISSING : value);

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}
