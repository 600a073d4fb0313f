import { InputError } from "../../core/errors.js";

/** Longest metric name accepted; longer ones are hostile or a bug in what wrote the file. */
export const MAX_METRIC_NAME_LENGTH = 1000;

// Names like these become property keys somewhere downstream (gates looked up by name, JSON
// output); rejecting them outright is simpler to trust than proving every lookup is safe.
const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

// Characters that would break a one-line message or disguise it: controls, bidi embeddings,
// overrides and isolates, zero-width and other invisible formatting characters.
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** Writes invisible and control characters of untrusted text as `\uXXXX`, for error messages. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Shortens attacker-sized names before they go into an error message, and shows hidden characters. */
export function quoteName(name: string): string {
  const short = name.length > 120 ? `${name.slice(0, 120)}…` : name;
  return visible(JSON.stringify(short));
}

/** Whether one key (a mapping key, a CSV column, a path segment) is a reserved JavaScript name. */
export function isReservedKey(key: string): boolean {
  return RESERVED.has(key);
}

/**
 * Checks a metric name read from a file and returns it unchanged. Throws an `InputError` naming
 * the file when the name is empty, longer than {@link MAX_METRIC_NAME_LENGTH}, or has a
 * `__proto__` / `constructor` / `prototype` segment (split on `.` and `/`).
 */
export function checkMetricName(name: string, file: string): string {
  if (name.length === 0) {
    throw new InputError("has a metric with an empty name", { where: file });
  }
  if (name.length > MAX_METRIC_NAME_LENGTH) {
    throw new InputError(
      `has a metric name ${name.length} characters long (${quoteName(name)}); the limit is ${MAX_METRIC_NAME_LENGTH}`,
      { where: file },
    );
  }
  for (const segment of name.split(/[./]/)) {
    if (isReservedKey(segment)) {
      throw new InputError(
        `has the key ${quoteName(segment)} in metric ${quoteName(name)}, a reserved JavaScript name that mlgate refuses; rename it`,
        { where: file },
      );
    }
  }
  return name;
}
