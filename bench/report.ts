// The readable report: fixed-width tables of ingest, ceiling, queries, targets and (with --profile)
// where drec's time went.
import type { BenchResults, GrowthStep, RestartRow } from "./results";
import { QUERY_LABELS } from "./query";
import { ms, pct, rate, table } from "./format";

const MB = 1024 * 1024;

const mb = (bytes: number) => (bytes / MB).toFixed(0);
const count = (n: number) => n.toLocaleString("en-US");

// The apply lag's p99 bucket bound: "≤0.25", ">10" above the largest bucket, "–" when nothing applied.
function lagBound(seconds: number): string {
  if (Number.isNaN(seconds)) return "–";
  return seconds === Infinity ? ">10" : `≤${seconds}`;
}

function ingestTable(steps: GrowthStep[]): string {
  const rows: string[][] = [];
  for (const step of steps) {
    const R = count(step.repositories);
    if (step.ingest === null) {
      rows.push([R, "n/a (ingest not available: POST /events is 404)"]);
      continue;
    }
    for (const ceiling of step.ceiling) {
      rows.push([
        R,
        "ceiling (raw upsert)",
        String(ceiling.concurrency),
        rate(ceiling.opsPerSecond),
        rate(ceiling.opsPerSecond),
        String(ceiling.operations),
        "1.00x",
        "–",
        rate(ceiling.opsPerSecond),
        "1.00x",
        "–",
        "–",
        pct(ceiling.latency, "p50"),
        pct(ceiling.latency, "p95"),
        pct(ceiling.latency, "p99"),
        "–",
        `${ceiling.errors}/–/${ceiling.abandoned}`,
        "–",
        "–",
        `${((ceiling.cpu.ferretdb * 1000) / Math.max(1, ceiling.operations)).toFixed(1)}`,
      ]);
      for (const row of step.ingest.filter((r) => r.concurrency === ceiling.concurrency)) {
        const manifest = row.manifestPulls + row.manifestPushes;
        const a = row.apply;
        rows.push([
          R,
          `drec ${row.mode}`,
          String(row.concurrency),
          rate(row.eventsPerSecond),
          rate(row.manifestPerSecond),
          String(row.manifestPulls + row.manifestPushes),
          `${row.ceilingRatio.toFixed(2)}x`,
          a ? `${a.drainCapped ? "≥" : ""}${a.drainSeconds.toFixed(1)}` : "–",
          a ? `${a.drainCapped ? "≤" : ""}${rate(a.appliedManifestPerSecond)}` : "–",
          a ? `${a.drainCapped ? "≤" : ""}${a.appliedCeilingRatio.toFixed(2)}x` : "–",
          a && Number.isFinite(a.meanBatch) ? a.meanBatch.toFixed(1) : "–",
          a ? lagBound(a.lagP99) : "–",
          pct(row.manifestLatency, "p50"),
          pct(row.manifestLatency, "p95"),
          pct(row.manifestLatency, "p99"),
          pct(row.latency, "p99"),
          `${row.errors}/${row.late}/${row.abandoned}`,
          mb(row.rss.drec),
          mb(row.rss.ferretdb),
          `${((row.cpu.drec * 1000) / Math.max(1, manifest)).toFixed(1)}/${((row.cpu.ferretdb * 1000) / Math.max(1, manifest)).toFixed(1)}`,
        ]);
      }
    }
  }
  return table(
    [
      "R",
      "sender",
      "C",
      "events/s",
      "ack manifest/s",
      "n",
      "ack vs ceiling",
      "drain s",
      "applied manifest/s",
      "applied vs ceiling",
      "ev/batch",
      "lag p99 s",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "p99 all",
      "err/late/unfin",
      "drec MB",
      "fdb MB",
      "CPU ms/manifest drec/fdb",
    ],
    rows,
  );
}

function queryTable(steps: GrowthStep[]): string {
  const rows = steps.flatMap((step) =>
    step.queries.map((q) => {
      const g = q.graphql;
      return [
        count(step.repositories),
        QUERY_LABELS[q.kind],
        String(q.raw.concurrency),
        g ? pct(g.latency, "p50") : "n/a (API not available)",
        g ? pct(g.latency, "p99") : "",
        pct(q.raw.latency, "p50"),
        pct(q.raw.latency, "p99"),
        g ? `${q.ratioP50.toFixed(2)}x` : "–",
        g ? `${q.ratioP99.toFixed(2)}x` : "–",
        `${g ? g.latency.n : 0}/${q.raw.latency.n}${g?.abandoned || q.raw.abandoned ? ` (unfin ${g?.abandoned ?? 0}/${q.raw.abandoned})` : ""}`,
      ];
    }),
  );
  return table(
    ["R", "query", "C", "GraphQL p50", "p99", "raw p50", "raw p99", "ratio p50", "ratio p99", "n gql/raw"],
    rows,
  );
}

/** The whole human-readable report. */
export function renderReport(results: BenchResults): string {
  const { meta } = results;
  const out: string[] = [];
  out.push(
    `drec benchmark, ${meta.mode} run, ${meta.date}: ${meta.machine.cpus} cores (${meta.machine.cpuModel}), ` +
      `${meta.machine.memoryGiB} GiB, Node ${meta.node}, ${meta.database}, ${meta.tls}; took ${meta.totalSeconds.toFixed(0)} s, ` +
      `load average ${meta.loadAverage.start.toFixed(2)} -> ${meta.loadAverage.end.toFixed(2)}`,
  );
  out.push("");
  const restartText = (R: number, r: RestartRow) =>
    `R=${count(R)} ${r.totalSeconds.toFixed(1)} s (stop ${r.stopSeconds.toFixed(1)}, ` +
    `start ${r.startSeconds.toFixed(1)}, read model ` +
    `${r.readModelSeconds === null ? "n/a" : r.readModelSeconds.toFixed(1)})`;
  const restarts = results.steps.map((s) => restartText(s.repositories, s.restart));
  if (restarts.length)
    out.push(`drec restarted after each seed (cold: reads everything): ${restarts.join("; ")}`);
  const warm = results.steps.flatMap((s) =>
    s.warmRestart ? [restartText(s.repositories, s.warmRestart)] : [],
  );
  if (warm.length) out.push(`and again at once (warm: snapshot + change log): ${warm.join("; ")}`);
  if (restarts.length) out.push("");
  out.push(
    "Ingest (one event per POST; p50-p99 of manifest events; late = answered after 2 s, a registry would " +
      "have retried; unfin = still unanswered when the phase cap ended the phase, left out of the percentiles)",
  );
  out.push(
    "drec answers once an event is stored in its ledger and applies statistics afterwards, in batches: " +
      "ack = acknowledged (answered 2xx) manifest events per second of the phase; drain s = wait after the " +
      "phase until drec's apply backlog was 0; applied = acknowledged manifest events / (phase + drain); " +
      "ev/batch = mean events per applied batch; lag p99 s = bucket bound of the receive-to-applied p99; " +
      "CPU includes the drain",
  );
  out.push(ingestTable(results.steps));
  const capped = results.steps.flatMap((s) => (s.ingest ?? []).filter((r) => r.apply?.drainCapped));
  if (capped.length)
    out.push(
      "Drain cap hit (≥ / ≤ mark bounds): " +
        capped
          .map(
            (r) =>
              `R=${count(r.repositories)} ${r.mode} C=${r.concurrency}: ${r.apply?.backlogLeft} events still ` +
              `unapplied after ${r.apply?.drainSeconds.toFixed(0)} s`,
          )
          .join("; "),
    );
  const checks = results.steps.flatMap((s) => (s.check ? [s.check] : []));
  if (checks.length) {
    out.push("");
    out.push(
      "Exactly-once check (after the drain: counter growth = acknowledged counted events): " +
        checks
          .map(
            (c) =>
              `R=${count(c.repositories)} pulls +${count(c.actualPulls)}/${count(c.expectedPulls)}, ` +
              `pushes +${count(c.actualPushes)}/${count(c.expectedPushes)} ` +
              (c.ok
                ? "ok"
                : c.uncertain > 0 || c.unapplied > 0
                  ? `(not comparable: ${[
                      c.uncertain > 0 ? `${c.uncertain} unfinished or failed` : "",
                      c.unapplied > 0 ? `${c.unapplied} still unapplied` : "",
                    ]
                      .filter(Boolean)
                      .join(", ")})`
                  : "MISMATCH"),
          )
          .join("; "),
    );
  }
  out.push("");
  out.push(
    "Queries (GraphQL over HTTPS keep-alive; raw = the same reads through the mongodb driver, by _id where " +
      "drec reads by _id; drec serves lists from its in-memory read model, the raw list is the database's " +
      "find/sort/limit; C clients)",
  );
  out.push(queryTable(results.steps));
  out.push("");
  out.push(
    `Peak RSS: drec ${mb(results.rssPeak.drec)} MB, embedded FerretDB ${mb(results.rssPeak.ferretdb)} MB`,
  );
  out.push("");
  out.push("Targets (issues 5 and 14)");
  out.push(
    table(
      ["target", "R", "measured", "met"],
      results.targets.map((t) => [
        t.target,
        count(t.repositories),
        t.value,
        t.met === null ? "n/a" : t.met ? "yes" : "no",
      ]),
    ),
  );
  if (results.profile) out.push("", renderProfile(results.profile));
  if (results.failures.length) out.push("", "FAILURES:", ...results.failures.map((f) => `  - ${f}`));
  return out.join("\n");
}

function renderProfile(profile: NonNullable<BenchResults["profile"]>): string {
  const out: string[] = [];
  if (profile.cpu) {
    const cpu = profile.cpu;
    out.push(
      `drec CPU profile (${cpu.file}): busy ${cpu.busyPercent.toFixed(0)} % of ${(cpu.wallMs / 1000).toFixed(0)} s`,
    );
    out.push(
      table(
        ["package (self time)", "ms", "%"],
        cpu.packages.map((p) => [p.name, p.selfMs.toFixed(0), p.percent.toFixed(1)]),
      ),
    );
    out.push("");
    out.push(
      table(
        ["function (self time)", "ms", "%"],
        cpu.functions.map((f) => [f.name, f.selfMs.toFixed(0), f.percent.toFixed(1)]),
      ),
    );
  }
  if (profile.commands.length) {
    out.push("");
    out.push("Database round trips seen by drec's driver (FerretDB time + wire)");
    out.push(
      table(
        ["command", "count", "statements", "total ms", "mean ms", "max ms"],
        profile.commands
          .slice(0, 20)
          .map((c) => [
            c.command,
            count(c.count),
            count(c.statements),
            c.totalMs.toFixed(0),
            ms(c.meanMs),
            ms(c.maxMs),
          ]),
      ),
    );
  }
  return out.join("\n");
}
