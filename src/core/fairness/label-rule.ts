/** A label or prediction value: 1 positive, 0 negative, -1 not a value of the positive's kind. */
export type LabelClass = 1 | 0 | -1;

/**
 * How a label or prediction cell, as text, is read against the configured positive value. Every
 * reader hands over text (JSON `true` as "true", `1.0` as "1", null as ""), so CSV, JSON Lines
 * and Parquet follow the same rule:
 *
 * - a **number** positive (`1`): the cell must be a decimal number (surrounding spaces allowed);
 *   it is positive when numerically equal (`1`, `1.0`, `1e0`), and any other number is a negative
 *   (so multi-class labels read one-vs-rest). `"yes"`, `"nan"` or `"True"` are errors, because a
 *   file whose labels are not numbers almost certainly needs a different `positive`.
 * - a **boolean** positive (`true`): the cell must be `true` or `false` in any case; `1`/`0` are
 *   errors for the same reason.
 * - a **string** positive (`"yes"`): the cell is positive when it is exactly that string, and
 *   any other non-empty string is a negative.
 * - an empty cell (or JSON null) is always an error: a missing label cannot be counted.
 */
export interface LabelRule {
  readonly positive: string | number | boolean;
  classify(text: string): LabelClass;
  /** Why `text` was classified -1, as the end of one sentence naming the role and the value. */
  explain(role: string, text: string): string;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPACES = /^[ \t]+|[ \t]+$/g;

/** Quotes an untrusted value for an error message: JSON quoting, cut to 40 characters. */
export function quoteValue(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return JSON.stringify(cut);
}

/** The rule for one configured positive value. */
export function labelRule(positive: string | number | boolean): LabelRule {
  if (typeof positive === "number") {
    return {
      positive,
      classify(text) {
        const t = text.replace(SPACES, "");
        if (!DECIMAL.test(t)) return -1;
        return Number(t) === positive ? 1 : 0;
      },
      explain(role, text) {
        if (text.trim() === "") return `${role} is empty`;
        return `${role} ${quoteValue(text)} is not a number, but the positive value is the number ${positive} (set the positive value to the one your file uses)`;
      },
    };
  }
  if (typeof positive === "boolean") {
    return {
      positive,
      classify(text) {
        const t = text.replace(SPACES, "").toLowerCase();
        if (t === "true") return positive ? 1 : 0;
        if (t === "false") return positive ? 0 : 1;
        return -1;
      },
      explain(role, text) {
        if (text.trim() === "") return `${role} is empty`;
        return `${role} ${quoteValue(text)} is neither true nor false, but the positive value is the boolean ${positive} (set the positive value to the one your file uses)`;
      },
    };
  }
  return {
    positive,
    classify(text) {
      if (text === "") return -1;
      return text === positive ? 1 : 0;
    },
    explain(role) {
      return `${role} is empty`;
    },
  };
}

/**
 * Reads a `--positive` value from the command line: a decimal number becomes a number, `true` or
 * `false` a boolean, anything else stays a string.
 */
export function parsePositive(text: string): string | number | boolean {
  if (DECIMAL.test(text.trim())) return Number(text.trim());
  const lower = text.trim().toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return text;
}
