/** A plain decimal or scientific number, as Python's `repr(float)` and `str(int)` write them. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Python's spellings of non-finite floats (`nan`, `inf`, `-inf`) and JavaScript's. */
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * Reads a number from text written by a training tool. Returns a number (possibly NaN or
 * ±Infinity, for the caller to reject naming the metric), or undefined when the text is not a
 * number at all (a string column, a formula, an empty cell).
 */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  if (NON_FINITE.test(trimmed)) {
    if (/nan/i.test(trimmed)) return Number.NaN;
    return trimmed.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return undefined;
}
