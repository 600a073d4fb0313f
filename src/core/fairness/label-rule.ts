import { clipText } from "../render/clip-text.js";
/** A label or prediction value: 1 positive, 0 negative, -1 not a value of the positive's kind. */
export type LabelClass = 1 | 0 | -1;

/**
 * How a label or prediction cell, as text, is read against the configured positive value. Every
 * reader hands over text (JSON `true` as "true", `1.0` as "1", null as ""), so CSV, JSON Lines
 * and Parquet follow the same rule:
 *
 * - a **number or boolean** positive (`1`, `true`): the cell must be a decimal number or
 *   `true`/`false` in any case (surrounding spaces allowed), and is compared as Python compares
 *   them — `true` equals 1 and `false` equals 0 — so integer labels and boolean predictions
 *   (`y_pred = score > 0.5`) both work with the default positive 1. It is positive when equal
 *   (`1`, `1.0`, `1e0`, `True`) and any other number is a negative (multi-class labels read
 *   one-vs-rest). Anything else (`"yes"`, `"nan"`, `"1,0"`) is an error: such a file needs
 *   another positive value.
 * - a **string** positive (`"yes"`): the cell is positive when it is exactly that string, and
 *   any other non-empty string is a negative.
 * - an empty cell (or JSON null) is always an error: a missing label cannot be counted.
 */
export interface LabelRule {
  readonly positive: string | number | boolean;
  classify(text: string): LabelClass;
  /** Why `text` was classified -1, as one sentence naming the role and the value. */
  explain(role: string, text: string): string;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPACES = /^[ \t]+|[ \t]+$/g;

// Bidi controls and invisible formatting characters: JSON.stringify leaves them raw, and they
// can reorder what a reader sees in an error line.
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Quotes an untrusted value for an error message: JSON quoting, cut to 40 characters. */
export function quoteValue(text: string): string {
  const cut = clipText(text, 40, "…");
  return JSON.stringify(cut).replace(
    INVISIBLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The number a cell stands for (true → 1, false → 0), or undefined when it is not one. */
function numberOf(text: string): number | undefined {
  const t = text.replace(SPACES, "");
  if (DECIMAL.test(t)) return Number(t);
  const lower = t.toLowerCase();
  if (lower === "true") return 1;
  if (lower === "false") return 0;
  return undefined;
}

/** Whether a cell holds a number that is not a whole one: a score, not a label. */
export function isScore(text: string): boolean {
  const value = numberOf(text);
  return value !== undefined && !Number.isInteger(value) && DECIMAL.test(text.replace(SPACES, ""));
}

/**
 * The rule for a prediction column of scores: at or above `threshold` is a positive prediction
 * (as Fairness Indicators' thresholds); anything that is not a number is -1.
 */
export function thresholdRule(threshold: number): LabelRule {
  return {
    positive: threshold,
    classify(text) {
      const t = text.replace(SPACES, "");
      if (!DECIMAL.test(t)) return -1;
      return Number(t) >= threshold ? 1 : 0;
    },
    explain(role, text) {
      if (text.trim() === "") return `${role} is empty`;
      return `${role} ${quoteValue(text)} is not a number, but threshold ${threshold} reads the predictions as scores`;
    },
  };
}

/** The rule for one configured positive value. */
export function labelRule(positive: string | number | boolean): LabelRule {
  if (typeof positive === "number" || typeof positive === "boolean") {
    const target = typeof positive === "number" ? positive : positive ? 1 : 0;
    const kind = typeof positive === "number" ? "number" : "boolean";
    return {
      positive,
      classify(text) {
        const value = numberOf(text);
        if (value === undefined) return -1;
        return value === target ? 1 : 0;
      },
      explain(role, text) {
        if (text.trim() === "") return `${role} is empty`;
        return `${role} ${quoteValue(text)} is neither a number nor true/false, but the positive value is the ${kind} ${positive} (set the positive value to the one your file uses)`;
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
