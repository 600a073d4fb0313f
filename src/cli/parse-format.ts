import { UsageError } from "../core/errors.js";

export type OutputFormat = "markdown" | "json" | "text";

/**
 * Validates `--format`. Without one: plain text on a terminal, markdown (exactly the comment the
 * app would post) when the output is piped or redirected.
 */
export function parseFormat(value: string | undefined, terminal = false): OutputFormat {
  if (value === undefined) return terminal ? "text" : "markdown";
  if (value === "markdown" || value === "md") return "markdown";
  if (value === "json" || value === "text") return value;
  throw new UsageError(`--format must be text, markdown or json, not "${value}"`);
}

/** Validates `--precision N`: significant digits, 1 to 17. */
export function parsePrecision(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 17) {
    throw new UsageError(
      `--precision must be a whole number of significant digits from 1 to 17, not "${value}"`,
    );
  }
  return n;
}
