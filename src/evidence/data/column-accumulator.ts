import type { ColumnSummary, ColumnType } from "../../core/drift/column-summary.js";
import { NumberStore } from "./number-store.js";

/** Distinct text values kept per column; beyond this a column is not tested (bounded memory). */
export const MAX_CATEGORIES = 100_000;

/**
 * Everything one column of one file contributes to the data check, gathered value by value:
 * its numbers, its text and boolean values with their counts, how many were infinite, and
 * which kinds of value occurred, from which its pandas type is decided at the end.
 */
export class ColumnAccumulator {
  /** Values that are not missing. */
  present = 0;
  private infinite = 0;
  private integers = 0;
  private floats = 0;
  private booleans = 0;
  private strings = 0;
  private others = 0;
  private readonly numbers = new NumberStore();
  private readonly texts = new Map<string, number>();
  private readonly booleanTexts = new Map<string, number>();
  private trueCount = 0;
  private falseCount = 0;
  private overflow = false;

  constructor(readonly name: string) {}

  /** A finite number, written as an integer (`3`) or not (`3.0`, `3e2`). */
  addNumber(x: number, integer: boolean, times = 1): void {
    this.present += times;
    if (integer) this.integers += times;
    else this.floats += times;
    this.numbers.add(x, times);
  }

  /** ±infinity: a float value, left out of the tests. */
  addInfinite(times = 1): void {
    this.present += times;
    this.floats += times;
    this.infinite += times;
  }

  /** A boolean, with the text it was written as (`True`, `true`). */
  addBoolean(value: boolean, text: string, times = 1): void {
    this.present += times;
    this.booleans += times;
    if (value) this.trueCount += times;
    else this.falseCount += times;
    this.booleanTexts.set(text, (this.booleanTexts.get(text) ?? 0) + times);
  }

  /** A text value. */
  addString(text: string, times = 1): void {
    this.present += times;
    this.strings += times;
    const c = this.texts.get(text);
    if (c !== undefined) this.texts.set(text, c + times);
    else if (this.texts.size < MAX_CATEGORIES) this.texts.set(text, times);
    else this.overflow = true;
  }

  /** A date, binary or nested value: the column is reported but not tested. */
  addOther(times = 1): void {
    this.present += times;
    this.others += times;
  }

  /** The column's summary for a file of `rows` rows, deciding its type as pandas would. */
  summary(rows: number, declared?: ColumnType): ColumnSummary {
    const missing = rows - this.present;
    const type = declared ?? this.inferType(missing);
    const base = { name: this.name, type, missing, infinite: this.infinite };
    if (type === "integer" || type === "float") return { ...base, numbers: this.numbers.finish() };
    if (type === "boolean") {
      const categories = new Map<boolean, number>();
      if (this.falseCount) categories.set(false, this.falseCount);
      if (this.trueCount) categories.set(true, this.trueCount);
      return { ...base, categories };
    }
    if (type === "string") return this.stringSummary(base);
    return base;
  }

  private inferType(missing: number): ColumnType {
    if (this.others > 0) return "other";
    const numbers = this.integers + this.floats;
    if (this.strings > 0 || (this.booleans > 0 && numbers > 0)) return "string";
    if (this.booleans > 0) return "boolean";
    if (this.floats > 0 || (this.integers > 0 && missing > 0)) return "float";
    if (this.integers > 0) return "integer";
    return "empty";
  }

  /** A column of mixed values reads as text (pandas' object column); numbers keep their value. */
  private stringSummary(base: Omit<ColumnSummary, "numbers" | "categories">): ColumnSummary {
    const categories = new Map<string, number>(this.texts);
    const add = (text: string, times: number) => {
      const c = categories.get(text);
      if (c !== undefined) categories.set(text, c + times);
      else if (categories.size < MAX_CATEGORIES) categories.set(text, times);
      else this.overflow = true;
    };
    for (const [text, times] of this.booleanTexts) add(text, times);
    if (this.numbers.count > 0) {
      const numbers = this.numbers.finish();
      if (numbers.counts) {
        numbers.values.forEach((v, i) => {
          add(String(v), numbers.counts?.[i] as number);
        });
      } else {
        for (const v of numbers.values) add(String(v), 1);
      }
    }
    if (this.infinite > 0) add("inf", this.infinite);
    return this.overflow
      ? { ...base, untestable: `more than ${MAX_CATEGORIES.toLocaleString("en")} distinct values` }
      : { ...base, categories };
  }
}
