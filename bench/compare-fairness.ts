/** Figures of one group as a reference prints them: counts and rates, null where undefined. */
export type Figures = Record<string, number | null>;

/** A reference's answer: groups keyed by their sensitive values joined with `|`; all rows too. */
export interface ReferenceFigures {
  groups: Record<string, Figures>;
  overall?: Figures;
}

interface MlgateReport {
  overall: Record<string, unknown>;
  groups: { group: Record<string, string>; [figure: string]: unknown }[];
}

const COUNTS = new Set(["count", "positives", "negatives"]);

/**
 * Checks that a reference found the same groups as mlgate's JSON report (`mlgateJson`) and, for
 * every figure the reference gives, the same value: counts exactly, rates to 1e-9. Throws,
 * naming the first disagreement, if not; otherwise returns the largest difference in a rate.
 */
export function compareFairness(
  name: string,
  mlgateJson: string,
  sensitive: readonly string[],
  theirs: ReferenceFigures,
): number {
  const ours = JSON.parse(mlgateJson) as MlgateReport;
  const pairs: [string, Record<string, unknown>, Figures][] = [];
  const keys = new Set(Object.keys(theirs.groups));
  for (const g of ours.groups) {
    const key = sensitive.map((c) => g.group[c]).join("|");
    const t = theirs.groups[key];
    if (!t) throw new Error(`${name} has no group ${key}, which mlgate reports`);
    keys.delete(key);
    pairs.push([key, g, t]);
  }
  if (keys.size > 0) throw new Error(`${name} has groups mlgate lacks: ${[...keys].join(", ")}`);
  if (theirs.overall) pairs.push(["all rows", ours.overall, theirs.overall]);
  let worst = 0;
  for (const [key, o, t] of pairs) {
    for (const [figure, value] of Object.entries(t)) {
      const mine = o[figure];
      const same =
        value === null || mine === null || typeof mine !== "number"
          ? value === mine
          : COUNTS.has(figure)
            ? value === mine
            : Math.abs(value - mine) <= 1e-9;
      if (!same) {
        throw new Error(
          `${name} and mlgate disagree on ${figure} of ${key}: ${value} vs ${String(mine)}`,
        );
      }
      if (value !== null && typeof mine === "number" && !COUNTS.has(figure)) {
        worst = Math.max(worst, Math.abs(value - mine));
      }
    }
  }
  return worst;
}
