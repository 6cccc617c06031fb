import { useEffect, useState } from "preact/hooks";
import { onLiveStatus, type LiveStatus } from "../api/live";

/** The live-update connection's status. */
export function useLiveStatus(): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => onLiveStatus(setStatus), []);
  return status;
}
