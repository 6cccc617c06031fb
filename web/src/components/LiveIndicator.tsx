import { useLiveStatus } from "../hooks/useLiveStatus";

const TEXT = { live: "Live", connecting: "Connecting…", offline: "Offline, retrying" } as const;

/** Whether live updates are flowing. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span class={`live live-${status}`} role="status" title="Live updates over WebSocket" data-live={status}>
      <span class="live-dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  );
}
