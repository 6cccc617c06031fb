interface Props {
  days: number;
  options: readonly number[];
  onChange(days: number): void;
}

/** Buttons choosing the chart's range in days; the chosen one is pressed. */
export function RangeToggle({ days, options, onChange }: Props) {
  return (
    <div class="segmented" role="group" aria-label="Chart range">
      {options.map((option) => (
        <button
          key={option}
          type="button"
          class="segment"
          aria-pressed={option === days}
          onClick={() => onChange(option)}
        >
          {option} days
        </button>
      ))}
    </div>
  );
}
