// The front page's chart: the whole registry's daily pulls and pushes over the last 30 UTC days.
import { useEffect, useState } from "preact/hooks";
import { fetchRegistryActivity } from "../api/reports";
import type { DailyActivity } from "../api/types";
import { ActivityChart } from "./ActivityChart";

const DAYS = 30;

/** Nothing while loading; a short note when the series cannot be read (the list below still works). */
export function RegistryActivity({ token }: { token: string | null }) {
  const [activity, setActivity] = useState<DailyActivity[] | null | undefined>(undefined);

  useEffect(() => {
    let active = true;
    fetchRegistryActivity(DAYS, token)
      .then((days) => active && setActivity(days))
      .catch(() => active && setActivity(null));
    return () => {
      active = false;
    };
  }, [token]);

  return (
    <section class="panel registry-activity" aria-labelledby="registry-activity-title">
      <h2 id="registry-activity-title">Registry activity</h2>
      {activity === null ? (
        <p class="muted">The registry's activity could not be loaded.</p>
      ) : activity === undefined ? (
        <p class="muted">Loading activity…</p>
      ) : (
        <ActivityChart activity={activity} days={DAYS} />
      )}
    </section>
  );
}
