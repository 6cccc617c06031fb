// Command-line flags of `npm run bench` and the run plan they select.

/** What to run and for how long. */
export interface BenchOptions {
  mode: "quick" | "full" | "custom";
  json: boolean;
  profile: boolean;
  keep: boolean;
  help: boolean;
  /** Repository counts, ascending; the data set grows from one to the next. */
  repositories: number[];
  /** Seconds each timed phase sends at repository count R. */
  phaseSeconds: (repositories: number) => number;
  /** Seconds after which a phase stops waiting for requests still in flight (they are reported). */
  capSeconds: (repositories: number) => number;
  /** Sender counts of the ingest phases (and the ceiling) at repository count R. */
  ingestConcurrency: (repositories: number) => number[];
  /** Concurrent clients of the query phases at repository count R. */
  queryConcurrency: (repositories: number) => number;
  ingest: boolean;
  query: boolean;
  /** Pages followed by the deep-page walk. */
  deepPages: number;
  /** Longest wait, after a phase, for drec and its database to go idle. */
  settleSeconds: number;
  /** Longest wait, after an ingest phase, for drec to apply every event it acknowledged. */
  drainCapSeconds: number;
  /** The benchmark's own per-request timeout; slower requests count as failed. */
  timeoutMs: number;
}

/** Usage text for --help. */
export const USAGE = `Usage: npm run bench -- [options]

Starts drec (production mode, embedded FerretDB) as a child process, seeds it, and measures ingest
(events/s, latency, RSS, ratio to a raw-upsert ceiling) and GraphQL queries (ratio to raw driver
queries) at growing repository counts: C = 1 and 8 senders, 4 query clients (1 at R = 100000,
where one query outlasts a phase). drec is restarted after each seeding step (it loads its read
model at start); after each ingest phase the benchmark waits (at most 60 s) until drec has applied
every event it acknowledged and reports both rates. Progress goes to stderr; performance is
measured, not asserted.

Options:
  --quick             about 60 s: R = 100 and 500, 1-s phases (run by CI)
  --json              machine-readable results on stdout (the table goes to stderr)
  --r <list>          repository counts, e.g. --r 100,10000 (default 100,10000,100000)
  --seconds <n>       seconds each timed phase sends (default 3, 2 at R > 10000; --quick 1); a phase
                      then waits up to 10-30 s in all for requests in flight and reports the rest
                      as unfinished (their latency counts as a lower bound)
  --only <part>       ingest or query
  --profile           run drec with --cpu-prof and driver command timings; report the top frames
  --keep              keep drec's temporary directory (config, data, profile)
  -h, --help          this text

Exit status: 0 when every phase ran; 1 on real failures only (drec crashed, more than 1 % of
requests failed or timed out, counters off); 2 on bad options.`;

function value(args: string[], i: number, flag: string): string {
  const inline = args[i].includes("=") ? args[i].slice(args[i].indexOf("=") + 1) : undefined;
  const next = inline ?? args[i + 1];
  if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value`);
  return next;
}

/** Parses argv (without node and script); throws with a message on bad flags. */
export function parseOptions(args: string[]): BenchOptions {
  const options: BenchOptions = {
    mode: "full",
    json: false,
    profile: false,
    keep: false,
    help: false,
    repositories: [100, 10_000, 100_000],
    // At R = 100,000 one list query takes seconds (a full scan), so four concurrent clients would not
    // finish within the 10-minute budget: that step's queries run one client, the cost per query.
    phaseSeconds: (r) => (r <= 10_000 ? 3 : 2),
    capSeconds: (r) => (r <= 1000 ? 10 : r <= 10_000 ? 15 : 30),
    ingestConcurrency: () => [1, 8],
    queryConcurrency: (r) => (r <= 10_000 ? 4 : 1),
    ingest: true,
    query: true,
    deepPages: 10,
    settleSeconds: 12,
    drainCapSeconds: 60,
    timeoutMs: 60_000,
  };
  let seconds: number | undefined;
  let repositories: number[] | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i].split("=")[0];
    const takesValue = ["--r", "--seconds", "--only"].includes(flag);
    switch (flag) {
      case "--quick":
        options.mode = "quick";
        break;
      case "--json":
        options.json = true;
        break;
      case "--profile":
        options.profile = true;
        break;
      case "--keep":
        options.keep = true;
        break;
      case "-h":
      case "--help":
        options.help = true;
        break;
      case "--r":
        repositories = value(args, i, flag)
          .split(",")
          .map((r) => Number(r.replace(/_/g, "")));
        if (repositories.some((r) => !Number.isInteger(r) || r < 1))
          throw new Error("--r takes positive integers");
        repositories.sort((a, b) => a - b);
        break;
      case "--seconds":
        seconds = Number(value(args, i, flag));
        if (!(seconds > 0)) throw new Error("--seconds takes a positive number");
        break;
      case "--only": {
        const part = value(args, i, flag);
        if (part !== "ingest" && part !== "query") throw new Error("--only takes ingest or query");
        options.ingest = part === "ingest";
        options.query = part === "query";
        break;
      }
      default:
        throw new Error(`unknown option ${args[i]}`);
    }
    if (takesValue && !args[i].includes("=")) i += 1;
  }
  if (options.mode === "quick") {
    options.repositories = [100, 500];
    options.phaseSeconds = () => 1;
    options.capSeconds = () => 3;
    options.settleSeconds = 5;
    options.deepPages = 3;
    options.timeoutMs = 30_000;
  }
  if (repositories) {
    options.repositories = repositories;
    if (options.mode !== "quick") options.mode = "custom";
  }
  if (seconds !== undefined) {
    const fixed = seconds;
    options.phaseSeconds = () => fixed;
    options.capSeconds = (r) => fixed + (r <= 10_000 ? 10 : 20);
  }
  return options;
}
