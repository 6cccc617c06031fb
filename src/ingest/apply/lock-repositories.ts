// One command of the applier may write many repository documents (apply-documents.ts, marker-sweep.ts);
// star mutations write one at a time under the same per-repository lock (store/repository-lock.ts).
// Taking a command's locks in name order means two holders of several locks never wait in a circle.
import type { KeyedLock } from "../../store/repository-lock";

/** Runs `task` while holding the lock of every repository in `names`. */
export function lockRepositories<T>(
  lock: KeyedLock,
  names: Iterable<string>,
  task: () => Promise<T>,
): Promise<T> {
  const keys = [...new Set(names)].sort();
  const run = keys.reduceRight<() => Promise<T>>((inner, key) => () => lock.run(key, inner), task);
  return run();
}
