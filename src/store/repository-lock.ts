// FerretDB 1.24 on SQLite applies an update by reading the document, computing the new one in Go and
// writing it back by _id, with no lock in between: concurrent updates of one document lose writes
// (100 concurrent $inc of one field leave it at about 10). The embedded database serializes writes in
// its proxy (src/store/embedded/wrapper/writeproxy.go); a FerretDB given by mongodb.uri does not. Ingest's applier
// writes one document at a time anyway; the repository document is also written by star mutations, so
// both take this lock for it (one per open database: Database.repositoryLock), one repository at a time
// per process: one drec stays exact on any backend.
// On MongoDB the updates are atomic anyway and the lock only orders them.
/** Runs tasks one after another per key; tasks of different keys run concurrently. */
export interface KeyedLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** Creates an empty keyed lock. */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<void>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const result = (tails.get(key) ?? Promise.resolve()).then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
