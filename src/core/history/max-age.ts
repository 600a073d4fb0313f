/** One `baseline.max_age` limit: `7d` (kept in days) or `50 commits`. */
export interface MaxAge {
  readonly unit: "days" | "commits";
  readonly value: number;
  /** As the user wrote it, for messages. */
  readonly text: string;
}

/** What `parseMaxAge` accepts (the schema checks it first). */
export const MAX_AGE_PATTERN =
  /^\s*(?:(\d+(?:\.\d+)?)\s*(h|hours?|d|days?|w|weeks?)|(\d+)\s*(c|commits?))\s*$/i;

const DAYS_PER: Record<string, number> = { h: 1 / 24, d: 1, w: 7 };

/** Parses `7d`, `36h`, `2 weeks`, `50 commits`; undefined for anything else. */
export function parseMaxAge(text: string): MaxAge | undefined {
  const match = MAX_AGE_PATTERN.exec(text);
  if (!match) return undefined;
  const trimmed = text.trim();
  if (match[3] !== undefined) return { unit: "commits", value: Number(match[3]), text: trimmed };
  const unit = (match[2] ?? "d").toLowerCase()[0] ?? "d";
  return { unit: "days", value: Number(match[1]) * (DAYS_PER[unit] ?? 1), text: trimmed };
}
