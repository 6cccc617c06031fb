import { useNow } from "../hooks/useNow";
import { formatDateTime, formatRelative } from "../lib/format";

interface Props {
  /** ISO-8601 instant, or null when it never happened. */
  value: string | null;
  /** Shown when value is null. */
  never?: string;
}

/** A relative time ("3 hours ago") with the exact local time on hover and for assistive technology. */
export function TimeAgo({ value, never = "never" }: Props) {
  const now = useNow();
  if (!value) return <span class="muted">{never}</span>;
  const exact = formatDateTime(value);
  return (
    <time dateTime={value} title={exact}>
      {formatRelative(value, now)}
    </time>
  );
}
