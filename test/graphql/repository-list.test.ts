import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RepositoryList } from "../../src/read-model/repository-list";
import type {
  RepositoryFilter,
  RepositoryPosition,
  RepositorySortKey,
  SortDirection,
} from "../../src/stats/repository.service";
import { compareUtf8 } from "../../src/read-model/byte-order";
import { TagIndex } from "../../src/read-model/tag-index";
import { mulberry32 } from "../support/seeded-random";
import { buildRepositoryDoc, type SeedRepository } from "../support/stats-builders";

// The in-memory list and tag index on their own, against a reference that sorts the documents the way
// MongoDB does (missing values lowest, names by UTF-8 bytes), through many random updates.

/** A deterministic pseudo-random source, so a failure replays. */
const random = mulberry32;

const FIELDS: Record<Exclude<RepositorySortKey, "name">, keyof SeedRepository> = {
  pulls: "numpulls",
  pushes: "numpushs",
  stars: "numstars",
  lastPulled: "lastpulled",
  lastPushed: "lastpushed",
};
const ORDERINGS: [RepositorySortKey, SortDirection][] = [
  ["name", "asc"],
  ["name", "desc"],
  ...Object.keys(FIELDS).flatMap((sort) =>
    (["asc", "desc"] as const).map((d): [RepositorySortKey, SortDirection] => [sort as RepositorySortKey, d]),
  ),
];
const USERS = ["alice", "bob", "carol"];
// Names that sort differently by UTF-16 units and by bytes, upper and lower case, shared prefixes.
const NAME_PARTS = ["app", "App", "api", "team/", "x\uFF21", "x\u{1F600}", "lib/", "Ω", "a.b", "z"];

function buildRandomDoc(rand: () => number, name: string): SeedRepository {
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const maybe = <T>(value: T) => (rand() < 0.25 ? undefined : value);
  const day = () => new Date(Date.UTC(2024, 0, 1 + Math.floor(rand() * 5), 0, 0, 0, Math.floor(rand() * 3)));
  return buildRepositoryDoc({
    repositoryname: name,
    numpulls: maybe(Math.floor(rand() * 6)),
    numpushs: maybe(Math.floor(rand() * 4)),
    numstars: maybe(Math.floor(rand() * 3)),
    lastpulled: maybe(day()),
    lastpushed: maybe(day()),
    // dave stars few: his list is served by sorting his stars instead of a scan.
    starredBy: [...USERS.filter(() => rand() < 0.3), ...(rand() < 0.05 ? ["dave"] : [])],
    actors: [pick(USERS)],
    ...(rand() < 0.1 ? { numpulls: undefined } : {}),
  });
}

function sortValue(doc: SeedRepository, sort: RepositorySortKey): number | string | null {
  if (sort === "name") return String(doc.repositoryname);
  const value = doc[FIELDS[sort]];
  if (value instanceof Date) return value.getTime();
  return typeof value === "number" ? value : null;
}

function reference(
  docs: SeedRepository[],
  sort: RepositorySortKey,
  direction: SortDirection,
  filter: RepositoryFilter,
): string[] {
  const bytes = (s: string) => Buffer.from(s, "utf8");
  const sign = direction === "asc" ? 1 : -1;
  return docs
    .filter((d) => {
      const name = String(d.repositoryname);
      const stars = d.starredBy ?? [];
      return (
        (!filter.namePrefix || name.startsWith(filter.namePrefix)) &&
        (!filter.search || name.toLowerCase().includes(filter.search.toLowerCase())) &&
        (filter.starredBy === undefined || stars.includes(filter.starredBy)) &&
        (filter.notStarredBy === undefined || !stars.includes(filter.notStarredBy))
      );
    })
    .sort((a, b) => {
      const byName = Buffer.compare(bytes(String(a.repositoryname)), bytes(String(b.repositoryname)));
      if (sort === "name") return sign * byName;
      const [va, vb] = [sortValue(a, sort), sortValue(b, sort)];
      if (va !== vb) {
        if (va === null) return -sign;
        if (vb === null) return sign;
        return va < vb ? -sign : sign;
      }
      return byName;
    })
    .map((d) => String(d.repositoryname));
}

function allPages(
  list: RepositoryList,
  sort: RepositorySortKey,
  direction: SortDirection,
  filter: RepositoryFilter,
  first: number,
): string[] {
  const names: string[] = [];
  let after: RepositoryPosition | undefined;
  for (let page = 0; page < 10_000; page++) {
    const { items, hasNextPage } = list.list({ first, after, sort, direction, filter });
    names.push(...items.map((item) => item.repository.name));
    if (!hasNextPage) return names;
    after = items[items.length - 1].position;
  }
  throw new Error("pagination did not end");
}

describe("RepositoryList", () => {
  it("when random repositories are added, changed and removed in batches of every size, then every ordering, filter, page and count matches the reference", () => {
    const rand = random(20240501);
    const list = new RepositoryList();
    const docs = new Map<string, SeedRepository>();
    const names = Array.from(
      { length: 160 },
      (_, i) => `${NAME_PARTS[i % NAME_PARTS.length]}${NAME_PARTS[(i * 7) % NAME_PARTS.length]}-${i}`,
    );
    const filters: RepositoryFilter[] = [
      {},
      { namePrefix: "team/" },
      { namePrefix: "x" },
      { search: "APP" },
      { starredBy: "alice" },
      { notStarredBy: "bob" },
      { namePrefix: "lib/", search: "a", starredBy: "carol" },
      { starredBy: "nobody" },
      { starredBy: "dave" },
      { starredBy: "dave", search: "p" },
      // Rare matches: served from the search text, not a scan.
      { search: "b-1" },
      { search: "\uFF41" },
      { search: "-15", namePrefix: "a" },
    ];
    for (const batchSize of [160, 1, 3, 40, 2, 17, 1, 90]) {
      const updates: [string, ReturnType<RepositoryList["recordOf"]>][] = [];
      for (let i = 0; i < batchSize; i++) {
        const name = names[Math.floor(rand() * names.length)];
        if (rand() < 0.2) {
          docs.delete(name);
          updates.push([name, null]);
        } else {
          const doc = buildRandomDoc(rand, name);
          docs.set(name, doc);
          updates.push([name, list.recordOf(doc)]);
        }
      }
      list.apply(updates);
      const all = [...docs.values()];
      assert.equal(list.size, all.length);
      for (const doc of all) assert.ok(list.holds(doc), `holds ${doc.repositoryname}`);
      const totals = list.summary();
      assert.equal(
        totals.pullCount,
        all.reduce((sum, d) => sum + (d.numpulls ?? 0), 0),
      );
      for (const [sort, direction] of ORDERINGS)
        for (const filter of filters) {
          const expected = reference(all, sort, direction, filter);
          const label = `${sort} ${direction} ${JSON.stringify(filter)} after batch of ${batchSize}`;
          assert.deepEqual(allPages(list, sort, direction, filter, 7), expected, label);
          assert.equal(list.count(filter), expected.length, label);
        }
    }
  });

  it("when an entry's value changes, then a cursor taken before still continues after its old position", () => {
    const list = new RepositoryList();
    const docs = ["a", "b", "c", "d"].map((name, i) =>
      buildRepositoryDoc({ repositoryname: name, numpulls: 10 * i }),
    );
    list.apply(docs.map((d) => [d.repositoryname, list.recordOf(d)]));
    const first = list.list({ first: 2, sort: "pulls", direction: "desc", filter: {} });
    assert.deepEqual(
      first.items.map((i) => i.repository.name),
      ["d", "c"],
    );
    // c (the cursor's repository) is pulled a lot and moves to the top; b and a still follow the cursor.
    list.apply([["c", list.recordOf({ ...docs[2], numpulls: 999 })]]);
    const next = list.list({
      first: 10,
      after: first.items[1].position,
      sort: "pulls",
      direction: "desc",
      filter: {},
    });
    assert.deepEqual(
      next.items.map((i) => i.repository.name),
      ["b", "a"],
    );
  });

  it("when the same values are applied again, then nothing changes", () => {
    const list = new RepositoryList();
    const doc = buildRepositoryDoc({
      repositoryname: "same",
      numpulls: 3,
      actors: ["x"],
      starredBy: ["alice"],
    });
    assert.equal(list.apply([["same", list.recordOf(doc)]]), 1);
    assert.equal(list.apply([["same", list.recordOf({ ...doc })]]), 0);
    assert.equal(list.apply([["missing", null]]), 0);
  });

  it("when documents carry foreign values, then counts serve as 0, bad dates as null, and they sort lowest", () => {
    const list = new RepositoryList();
    const odd = {
      repositoryname: "odd",
      numpulls: "12",
      lastpulled: "not a date",
      actors: "x",
    } as unknown as SeedRepository;
    const entry = list.recordOf(odd);
    assert.ok(entry);
    assert.equal(entry.pulls, null);
    assert.equal(entry.lastPulled, null);
    assert.deepEqual(entry.actors, []);
    assert.equal(list.recordOf({ numpulls: 1 }), null, "no name: not listed");
    list.apply([
      ["odd", entry],
      ["even", list.recordOf(buildRepositoryDoc({ repositoryname: "even", numpulls: 0 }))],
    ]);
    const page = list.list({ first: 5, sort: "pulls", direction: "asc", filter: {} });
    assert.deepEqual(
      page.items.map((i) => [i.repository.name, i.repository.pullCount, i.position.value]),
      [
        ["odd", 0, null],
        ["even", 0, 0],
      ],
    );
  });
});

describe("compareUtf8", () => {
  it("when strings hold surrogates and high BMP characters, then they compare like their UTF-8 bytes", () => {
    const samples = ["", "a", "ab", "b", "\uFF21", "\u{1F600}", "\u{1F600}a", "\uE000", "\uD7FF", "Ω", "z"];
    for (const a of samples)
      for (const b of samples)
        assert.equal(
          Math.sign(compareUtf8(a, b)),
          Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))),
          `${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
        );
  });
});

describe("TagIndex", () => {
  it("when tags are set, deleted, removed and replaced, then slices page by byte order with live or all counts", () => {
    const index = new TagIndex();
    for (const tag of ["v2", "latest", "v10", "A", "v1"]) index.set("r", tag, false);
    index.set("r", "v10", true);
    assert.deepEqual(index.slice("r", 2, undefined, false), {
      names: ["A", "latest"],
      hasNextPage: true,
      totalCount: 4,
    });
    assert.deepEqual(index.slice("r", 10, "latest", false), {
      names: ["v1", "v2"],
      hasNextPage: false,
      totalCount: 4,
    });
    assert.deepEqual(index.slice("r", 10, "latest", true), {
      names: ["v1", "v10", "v2"],
      hasNextPage: false,
      totalCount: 5,
    });
    assert.deepEqual(index.slice("r", 0, undefined, false), { names: [], hasNextPage: true, totalCount: 4 });
    index.remove("r", "v10");
    index.remove("r", "never");
    assert.equal(index.slice("r", 10, undefined, true).totalCount, 4);
    assert.equal(index.size, 4);
    assert.equal(
      index.replace("r", [
        { tag: "b", deleted: false },
        { tag: "a", deleted: true },
      ]),
      true,
    );
    assert.equal(
      index.replace("r", [
        { tag: "a", deleted: true },
        { tag: "b", deleted: false },
      ]),
      false,
    );
    assert.deepEqual(index.slice("r", 10, undefined, true).names, ["a", "b"]);
    assert.equal(index.size, 2);
    index.drop("r");
    assert.deepEqual(index.slice("r", 10, undefined, true), { names: [], hasNextPage: false, totalCount: 0 });
    assert.equal(index.size, 0);
  });
});
