// True for a moment after `value` changes (not on first render), to highlight live updates.
import { useEffect, useRef, useState } from "preact/hooks";

const FLASH_MS = 1600;

export function useFlash(value: unknown): boolean {
  const previous = useRef(value);
  const [flash, setFlash] = useState(false);
  useEffect(() => {
    if (Object.is(previous.current, value)) return;
    previous.current = value;
    setFlash(true);
    const timer = window.setTimeout(() => setFlash(false), FLASH_MS);
    return () => window.clearTimeout(timer);
  }, [value]);
  return flash;
}
