// The current time, ticking every 30 s, so relative times ("2 minutes ago") stay true.
import { useEffect, useState } from "preact/hooks";

export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
