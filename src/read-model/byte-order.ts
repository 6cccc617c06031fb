// Ordering helpers of the in-memory read model: MongoDB's string order and binary search.

/**
 * Compares strings by their UTF-8 bytes, which is code point order and MongoDB's
 * order of strings without a collation. JavaScript's `<` compares UTF-16 code units, which differs
 * only where one string has a surrogate (U+10000 and up) and the other a unit in U+E000..U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = codePointRank(x);
        y = codePointRank(y);
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

// Moves surrogates above U+E000..U+FFFF, where the code points they encode belong.
const codePointRank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);

/**
 * True when `compareUtf8` may disagree with `<` for this string and another one that is also
 * "wide": both must hold a unit at or above U+D800 for the orders to differ.
 */
export const isWide = (text: string): boolean => /[\uD800-\uFFFF]/.test(text);

/**
 * The first index in `[lo, hi)` whose item satisfies `test`, or `hi`; `test` must be false for a
 * prefix of the range and true for the rest.
 */
export function firstIndex<T>(
  items: readonly T[],
  test: (item: T) => boolean,
  lo = 0,
  hi = items.length,
): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(items[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
