import { InputError } from "../../core/errors.js";
import { quoteValue } from "../../core/fairness/label-rule.js";

/**
 * For each header field, the slot of the requested column it holds, or -1. A column is found by
 * its exact name, then ignoring surrounding spaces; a missing or doubled column is an input error
 * naming `file`.
 */
export function columnSlots(
  names: readonly string[],
  columns: readonly string[],
  file: string,
): Int32Array<ArrayBuffer> {
  const want = new Int32Array(names.length).fill(-1);
  columns.forEach((column, slot) => {
    let index = names.indexOf(column);
    if (index < 0) index = names.findIndex((n) => n.trim() === column.trim());
    if (index < 0) {
      throw new InputError(
        `no column ${quoteValue(column)} in the header (${names.map((n) => quoteValue(n)).join(", ")})`,
        { where: file },
      );
    }
    if (names.indexOf(names[index] as string, index + 1) >= 0) {
      throw new InputError(`the header names column ${quoteValue(column)} twice`, { where: file });
    }
    want[index] = slot;
  });
  return want;
}
