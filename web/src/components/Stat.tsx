import type { ComponentChildren } from "preact";
import { useFlash } from "../hooks/useFlash";
import { formatCount } from "../lib/format";
import { TimeAgo } from "./TimeAgo";

interface Props {
  label: string;
  count: number;
  /** data-stat attribute, for tests and styling. */
  name: string;
  first?: string | null;
  last?: string | null;
  children?: ComponentChildren;
}

/** A count with its first and last times; flashes when a live update changes it. */
export function Stat({ label, count, name, first, last, children }: Props) {
  const flash = useFlash(count);
  return (
    <div class={`stat${flash ? " is-flashing" : ""}`} data-stat={name}>
      <dt class="stat-label">{label}</dt>
      <dd class="stat-value">{formatCount(count)}</dd>
      {first !== undefined && (
        <dd class="stat-times">
          First <TimeAgo value={first} />
          <br />
          Last <TimeAgo value={last ?? null} />
        </dd>
      )}
      {children && <dd class="stat-extra">{children}</dd>}
    </div>
  );
}
