// The registry totals (of one source, or of all), refreshed (at most every 2 s) while repositories change.
import { useEffect, useState } from "preact/hooks";
import { execute } from "../api/client";
import { subscribe } from "../api/live";
import {
  ANY_UPDATED,
  REGISTRY,
  type AnyUpdatedData,
  type RegistryData,
  type RegistryVariables,
} from "../api/operations";
import type { RegistrySummary, RepositorySummary } from "../api/types";

const REFRESH_MS = 2000;

/**
 * Returns the totals (undefined until loaded, null when they could not be loaded) and calls
 * `onRepository` with every repository that changes, so the list can update its rows.
 */
export function useRegistrySummary(
  token: string | null,
  onRepository?: (repository: RepositorySummary) => void,
  source: string | null = null,
): RegistrySummary | null | undefined {
  const [summary, setSummary] = useState<RegistrySummary | null | undefined>(undefined);

  useEffect(() => {
    let active = true;
    let timer: number | undefined;
    const refresh = () => {
      timer = undefined;
      execute<RegistryData, RegistryVariables>(REGISTRY, { source }, { token })
        .then((data) => active && setSummary(data.registry))
        .catch(() => active && setSummary((previous) => previous ?? null));
    };
    refresh();
    const unsubscribe = subscribe<AnyUpdatedData, Record<string, never>>(ANY_UPDATED, {}, token, (data) => {
      onRepository?.(data.repositoryUpdated);
      timer ??= window.setTimeout(refresh, REFRESH_MS);
    });
    return () => {
      active = false;
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, [token, onRepository, source]);

  return summary;
}
