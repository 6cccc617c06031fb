// drec_pulls_total / drec_pushes_total by namespace, counted when statistics are applied (the applier
// publishes the counted pulls and pushes of each batch on ctx.changes), never at receipt. The label set is
// bounded: metrics.namespace_labels namespaces, the busiest by stored pulls plus pushes, re-chosen every
// 10 minutes; until then free places go to namespaces as they first count. Everything else is "other".
import client from "prom-client";
import type { AppContext } from "../app-context";
import type { Feature } from "../feature";
import { NamespaceService, namespaceOf } from "../stats/namespace.service";

/** The label of namespaces outside the labelled set. */
export const OTHER_NAMESPACE = "other";

const RECHOOSE_MS = 10 * 60 * 1000;

interface State {
  labelled: Set<string>;
  unsubscribe: () => void;
  timer?: NodeJS.Timeout;
}

/** The busiest `limit` namespaces by stored pulls plus pushes, from the read model. */
async function busiest(ctx: AppContext, limit: number): Promise<Set<string> | undefined> {
  if (limit === 0) return undefined;
  const all = await new NamespaceService(ctx.readModel, ctx.db.models.daily).all(1);
  all.sort((a, b) => b.pullCount + b.pushCount - (a.pullCount + a.pushCount) || (a.name < b.name ? -1 : 1));
  return new Set(all.slice(0, limit).map((ns) => ns.name));
}

/** The usage counters; the feature object is made per start (default-features.ts), so it holds that start's state. */
export function createUsageMetricsFeature(): Feature {
  let current: State | undefined;
  return {
    name: "usage-metrics",
    mount() {},
    start(ctx) {
      const limit = ctx.config.metrics.namespace_labels;
      const counter = (what: "pulls" | "pushes") =>
        new client.Counter({
          name: `drec_${what}_total`,
          help: `Counted ${what} applied to the statistics, by namespace (the busiest metrics.namespace_labels, else "other")`,
          labelNames: ["namespace"],
          registers: [ctx.metrics.registry],
        });
      const pulls = counter("pulls");
      const pushes = counter("pushes");
      const state: State = { labelled: new Set(), unsubscribe: () => {} };
      const labelOf = (repository: string): string => {
        const namespace = namespaceOf(repository, 1);
        if (state.labelled.has(namespace)) return namespace;
        if (state.labelled.size >= limit) return OTHER_NAMESPACE;
        state.labelled.add(namespace);
        return namespace;
      };
      state.unsubscribe = ctx.changes.subscribe((changes) => {
        for (const change of changes) {
          if (change.pulls) pulls.inc({ namespace: labelOf(change.repository) }, change.pulls);
          if (change.pushes) pushes.inc({ namespace: labelOf(change.repository) }, change.pushes);
        }
      });
      const rechoose = async () => {
        try {
          const chosen = await busiest(ctx, limit);
          if (chosen && chosen.size > 0) state.labelled = chosen;
        } catch (err) {
          ctx.log.warn(
            { err },
            "could not choose the namespaces labelled on usage metrics; keeping the last ones",
          );
        }
        if (current === state) state.timer = setTimeout(() => void rechoose(), RECHOOSE_MS).unref();
      };
      current = state;
      void rechoose();
    },
    stop() {
      const state = current;
      current = undefined;
      state?.unsubscribe();
      clearTimeout(state?.timer);
    },
  };
}
