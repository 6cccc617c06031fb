#!/usr/bin/env node
// `npm run bench`: drec's ingest and query benchmark (issue 5). See bench/FINDINGS.md for results.
import { parseOptions, USAGE, type BenchOptions } from "./options";
import { progress } from "./progress";
import { renderReport } from "./report";
import { runBenchmark } from "./run";

/** Parses flags, runs the benchmark, prints the report, and sets the exit status. */
export async function main(argv: string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(argv);
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const results = await runBenchmark(options);
  const report = renderReport(results);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    process.stderr.write(`${report}\n`);
  } else {
    process.stdout.write(`${report}\n`);
  }
  progress(
    `done in ${results.meta.totalSeconds.toFixed(0)} s${results.failures.length ? `, ${results.failures.length} failure(s)` : ""}`,
  );
  return results.failures.length ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
