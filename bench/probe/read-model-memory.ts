// Memory of drec's read model per repository: fills a RepositoryList and TagIndex with the benchmark's
// catalog (bench/seed.ts: the same names, counts, actors and tags) at growing R and prints the heap and
// array-buffer growth, after a full GC, per repository; also the snapshot's size and its encode/decode
// times. Prints, asserts nothing. Run: `npm run build && node --expose-gc dist/bench/probe/read-model-memory.js [R...]`.
import { performance } from "node:perf_hooks";
import { RepositoryList } from "../../src/read-model/repository-list";
import { decodeSnapshot, encodeSnapshot } from "../../src/read-model/snapshot-codec";
import { TagIndex } from "../../src/read-model/tag-index";
import { repositoryDoc } from "../seed";
import { repoName, repoTags } from "../catalog";

const MB = 1024 * 1024;

/** Bytes on the JS heap and in array buffers (typed arrays live outside the heap) after a full GC. */
function collect(): { heap: number; buffers: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: heapUsed, buffers: arrayBuffers };
}

async function measure(R: number): Promise<void> {
  const now = new Date();
  const before = collect();
  const list = new RepositoryList();
  const tags = new TagIndex();
  for (let from = 0; from < R; from += 5000) {
    const batch = [];
    for (let i = from; i < Math.min(R, from + 5000); i++) {
      const record = list.recordOf({ _id: repoName(i), ...repositoryDoc(i, now) });
      if (record) batch.push([record.name, record] as const);
      tags.replace(
        repoName(i),
        repoTags(i).map((tag) => ({ tag, deleted: false })),
      );
    }
    list.apply(batch);
  }
  const after = collect();
  // The encoder runs while drec serves requests: its own garbage and buffers show in the RSS peak.
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
  let started = performance.now();
  const data = await encodeSnapshot(list, tags);
  const encodeMs = performance.now() - started;
  clearInterval(sampler);
  started = performance.now();
  const cpu = process.cpuUsage();
  const copy = new RepositoryList();
  const copyTags = new TagIndex();
  const { records, orders } = await decodeSnapshot(data!, (repository, marks) =>
    copyTags.replace(repository, marks),
  );
  if (!copy.restore(records, orders)) throw new Error("the snapshot's orderings were refused");
  const decodeMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  const decodeCpuMs = (user + system) / 1000;
  const heap = after.heap - before.heap;
  const buffers = after.buffers - before.buffers;
  console.log(
    `R=${R.toLocaleString("en-US")}: read model ${((heap + buffers) / MB).toFixed(1)} MB, ` +
      `${((heap + buffers) / R).toFixed(0)} bytes per repository (heap ${(heap / R).toFixed(0)}, ` +
      `array buffers ${(buffers / R).toFixed(0)}; ${tags.size} tags); snapshot ${(data!.length / MB).toFixed(2)} MB gzipped, ` +
      `encode ${encodeMs.toFixed(0)} ms (RSS ${(rssBefore / MB).toFixed(0)} MB before, peak ${(rssPeak / MB).toFixed(0)} MB), decode+restore ${decodeMs.toFixed(0)} ms (CPU ${decodeCpuMs.toFixed(0)} ms) (${copy.size} repositories); ` +
      `process RSS ${(process.memoryUsage().rss / MB).toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  const counts = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  for (const R of counts.length ? counts : [10_000, 100_000]) await measure(R);
}

void main();
