import type { ColumnAccumulator } from "./column-accumulator.js";

/** pandas' default missing-value markers (`read_csv` na_values). */
const MISSING = new Set([
  "",
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "-NaN",
  "-nan",
  "1.#IND",
  "1.#QNAN",
  "<NA>",
  "N/A",
  "NA",
  "NULL",
  "NaN",
  "None",
  "n/a",
  "nan",
  "null",
]);
const TRUE = new Set(["True", "TRUE", "true"]);
const FALSE = new Set(["False", "FALSE", "false"]);
const INFINITE = /^([+-]?)(inf|infinity)$/i;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What a CSV cell's text is, as pandas' `read_csv` reads it. */
export type TextClass =
  | { readonly kind: "missing" }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "infinite" }
  | { readonly kind: "number"; readonly value: number; readonly integer: boolean }
  | { readonly kind: "string" };

const MISSING_CLASS: TextClass = { kind: "missing" };
const STRING_CLASS: TextClass = { kind: "string" };

/** Classifies a CSV cell that is not a plain decimal number. */
export function classifyText(text: string): TextClass {
  if (MISSING.has(text)) return MISSING_CLASS;
  if (TRUE.has(text)) return { kind: "boolean", value: true };
  if (FALSE.has(text)) return { kind: "boolean", value: false };
  if (INFINITE.test(text)) return { kind: "infinite" };
  if (DECIMAL.test(text)) {
    return { kind: "number", value: Number(text), integer: /^[+-]?\d+$/.test(text) };
  }
  return STRING_CLASS;
}

/** Adds `times` occurrences of a classified text to a column. */
export function addClassified(
  column: ColumnAccumulator,
  text: string,
  cls: TextClass,
  times: number,
): void {
  switch (cls.kind) {
    case "missing":
      return;
    case "boolean":
      column.addBoolean(cls.value, text, times);
      return;
    case "infinite":
      column.addInfinite(times);
      return;
    case "number":
      column.addNumber(cls.value, cls.integer, times);
      return;
    case "string":
      column.addString(text, times);
      return;
  }
}
