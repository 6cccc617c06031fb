// Raw events are kept for audit, but a registry (or an attacker with a token) may send keys the
// database refuses, which would fail the insert and block the registry's queue forever.

/** Deeper values are replaced by a marker string; MongoDB refuses documents nested over 100 levels. */
const MAX_DEPTH = 32;

// MongoDB and FerretDB refuse keys starting with "$" or holding "." or NUL; "__proto__" is dropped so
// a copy can never touch a prototype.
function storableKey(key: string): boolean {
  return (
    key !== "" && key !== "__proto__" && !key.startsWith("$") && !key.includes(".") && !key.includes("\0")
  );
}

/**
 * A copy of a JSON value that MongoDB and FerretDB accept inside a document: unstorable keys dropped,
 * arrays directly inside arrays wrapped as `{ items: [...] }` (FerretDB 1.x refuses nested arrays),
 * very deep values cut off.
 */
export function storable(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) {
    return value.map((item) =>
      Array.isArray(item) ? { items: storable(item, depth + 1) } : storable(item, depth + 1),
    );
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (storableKey(key)) copy[key] = storable(item, depth + 1);
  }
  return copy;
}
