import type { BaselineAge } from "../types.js";
import type { MaxAge } from "./max-age.js";

/** `12 days old and 31 commits behind main` (the parts that are known). */
export function describeAge(age: BaselineAge): string | undefined {
  const parts: string[] = [];
  if (age.days !== undefined) parts.push(`${formatDays(age.days)} old`);
  if (age.commits !== undefined) {
    const behind = age.behind ? ` behind ${age.behind}` : " behind the base branch";
    parts.push(`${age.commits} commit${age.commits === 1 ? "" : "s"}${behind}`);
  }
  return parts.length > 0 ? parts.join(" and ") : undefined;
}

/**
 * The warning for a baseline older than any `baseline.max_age` limit, or undefined. A limit
 * the age does not say anything about (days unknown) is not a reason to warn.
 */
export function baselineAgeWarning(
  age: BaselineAge | undefined,
  limits: readonly MaxAge[],
): string | undefined {
  if (!age || limits.length === 0) return undefined;
  const exceeded = limits.filter((limit) => {
    const have = limit.unit === "days" ? age.days : age.commits;
    return have !== undefined && have > limit.value;
  });
  if (exceeded.length === 0) return undefined;
  const described = describeAge(age) ?? "old";
  const allowed = exceeded.map((l) => l.text).join(", ");
  return `The baseline is ${described}, more than baseline.max_age (${allowed}) allows: differences may come from other changes on the base branch, not from this pull request.`;
}

/** `5 hours`, `1 day`, `7.4 days`, `12 days`. */
export function formatDays(days: number): string {
  if (days < 1) {
    const hours = Math.floor(days * 24);
    if (hours < 1) return "less than an hour";
    return `${hours} hour${hours === 1 ? "" : "s"}`;
  }
  const shown = days < 10 ? Math.floor(days * 10) / 10 : Math.floor(days);
  return `${shown} day${shown === 1 ? "" : "s"}`;
}
