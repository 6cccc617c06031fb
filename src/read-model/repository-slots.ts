// The storage of the in-memory repository list: one slot per repository, its numbers in one
// Float64Array and its name, actors and stars in arrays indexed by slot, plus the running totals and
// each user's starred slots. RepositoryList (repository-list.ts) adds the orderings and queries.
// Layout, for memory (100,000 repositories cost ~25 MB): each repository has a slot; its counts and
// times live in one Float64Array (8 numbers per slot, -Infinity for a missing value, which also makes
// it sort lowest), its name, actors and stars in arrays indexed by slot, and each ordering is an
// Int32Array of slots. Equal actor and star lists are shared between slots.
import type { RegistrySummary, RepositorySortKey, RepositoryStats } from "./repository-query";
import { sameId } from "../store/repository-ids";
import { isWide } from "./byte-order";
import { epoch, eventEpoch, storedCount, storedStrings } from "./stored-field-values";
import {
  FIELDS,
  MISSING,
  NONE,
  recordOf,
  sameStrings,
  stored,
  STRIDE,
  COLUMN,
  type RepositoryRecord,
} from "./repository-record";
import type { RepositoryDoc } from "../store/models/repository.model";

type ValueKey = Exclude<RepositorySortKey, "name">;

/** Repository list fields in memory, slot by slot. */
export class RepositorySlots {
  protected readonly slotOf = new Map<string, number>();
  protected readonly free: number[] = [];
  protected capacity = 0;
  protected values = new Float64Array(0);
  protected wide = new Uint8Array(0);
  protected names: string[] = [];
  /** Lower-case names; the same string when the name is lower case. */
  protected folded: string[] = [];
  /** Document ids that are not the name (legacy documents); undefined otherwise. */
  protected ids: unknown[] = [];
  protected actors: (readonly string[])[] = [];
  protected starredByOf: (readonly string[])[] = [];
  /** User name to the slots they starred. */
  protected readonly stars = new Map<string, Set<number>>();
  protected readonly totals = { pushCount: 0, pullCount: 0, starCount: 0 };
  /** Shared strings and string lists (most repositories have the same few actors). */
  protected readonly interned = new Map<string, string>();
  protected readonly internedLists = new Map<string, readonly string[]>();

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

  /** Name and `_id` of every repository whose document's `_id` is not its name (legacy documents). */
  *legacyIds(): Generator<readonly [string, unknown]> {
    for (const [name, slot] of this.slotOf) if (this.ids[slot] !== undefined) yield [name, this.ids[slot]];
  }

  /** Reads a stored document's list fields; null when it has no string `repositoryname`. */
  recordOf(doc: Partial<RepositoryDoc> & { _id?: unknown }): RepositoryRecord | null {
    return recordOf(doc);
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

  protected allocate(record: RepositoryRecord): number {
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

  protected write(slot: number, record: RepositoryRecord): void {
    const base = slot * STRIDE;
    for (let f = 0; f < STRIDE; f++) this.values[base + f] = stored(record[FIELDS[f]]);
    this.ids[slot] = sameId(record.name, record.id) ? undefined : record.id;
    this.actors[slot] = this.internList(record.actors);
    this.starredByOf[slot] = this.internList(record.starredBy);
  }

  protected release(slot: number): void {
    this.slotOf.delete(this.names[slot]);
    (this.names as (string | undefined)[])[slot] = undefined;
    (this.folded as (string | undefined)[])[slot] = undefined;
    this.ids[slot] = undefined;
    this.actors[slot] = NONE;
    this.starredByOf[slot] = NONE;
  }

  protected grow(capacity: number): void {
    const values = new Float64Array(capacity * STRIDE);
    values.set(this.values);
    this.values = values;
    const wide = new Uint8Array(capacity);
    wide.set(this.wide);
    this.wide = wide;
    this.capacity = capacity;
  }

  protected record(slot: number): RepositoryRecord {
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

  protected same(slot: number, record: RepositoryRecord): boolean {
    const base = slot * STRIDE;
    for (let f = 0; f < STRIDE; f++) if (this.values[base + f] !== stored(record[FIELDS[f]])) return false;
    return (
      sameId(this.ids[slot] ?? this.names[slot], record.id) &&
      sameStrings(this.actors[slot], record.actors) &&
      sameStrings(this.starredByOf[slot], record.starredBy)
    );
  }

  /** Whether a slot's new record keeps its place in an ordering (same sort value; the name is the same). */
  protected sortsSame(slot: number, key: string, next: RepositoryRecord): boolean {
    const field = key.slice(0, key.indexOf(":")) as ValueKey;
    return this.values[slot * STRIDE + COLUMN[field]] === stored(next[field]);
  }

  protected account(slot: number, sign: 1 | -1): void {
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

  protected internList(list: readonly string[]): readonly string[] {
    if (list.length === 0) return NONE;
    const key = list.join("\u0000");
    const known = this.internedLists.get(key);
    if (known) return known;
    const shared = Object.freeze(list.map((item) => this.intern(item)));
    this.internedLists.set(key, shared);
    return shared;
  }

  protected intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    this.interned.set(text, text);
    return text;
  }

  protected stats(slot: number): RepositoryStats {
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
}
