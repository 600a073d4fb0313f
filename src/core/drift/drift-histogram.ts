import { chartLabel } from "../fairness/chart-label.js";
import { formatValue } from "../format-number.js";
import type { Shares } from "./binned-shares.js";

/** Bars drawn at most per histogram; further categories are summed into "other". */
const MAX_BARS = 12;

/**
 * A Mermaid `xychart-beta` histogram of one column: the head's shares as bars and the base's as
 * a line over the same bins (the Sturges bins or values Jensen–Shannon and PSI compare).
 * Category names come from the data, so they pass through `chartLabel`.
 */
export function driftHistogram(column: string, shares: Shares): string[] {
  const bars = barsOf(shares);
  const label = chartLabel(column);
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${label}: share of rows (bars head, line base)"`,
    `  x-axis [${bars.map((b) => `"${b.label}"`).join(", ")}]`,
    `  y-axis "share" 0 --> ${chartNumber(Math.min(1, Math.max(...bars.map((b) => Math.max(b.base, b.head))) * 1.1 || 1))}`,
    `  bar [${bars.map((b) => chartNumber(b.head)).join(", ")}]`,
    `  line [${bars.map((b) => chartNumber(b.base)).join(", ")}]`,
    "```",
  ];
}

interface Bar {
  readonly label: string;
  readonly base: number;
  readonly head: number;
}

function barsOf(shares: Shares): Bar[] {
  const { edges, keys } = shares;
  if (edges) {
    return Array.from(shares.base, (b, i) => ({
      label: chartLabel(
        `${formatValue(edges[i] as number)}..${formatValue(edges[i + 1] as number)}`,
      ),
      base: b,
      head: shares.head[i] as number,
    }));
  }
  const entries = (keys ?? []).map((key, i) => ({
    key,
    label: chartLabel(String(key)),
    base: shares.base[i] as number,
    head: shares.head[i] as number,
  }));
  // Values of a numeric column read left to right in their order.
  if (entries.every((e) => typeof e.key === "number")) {
    entries.sort((a, b) => (a.key as number) - (b.key as number));
  }
  const all: Bar[] = entries.map(({ label, base, head }) => ({ label, base, head }));
  if (all.length <= MAX_BARS) return all;
  const top = [...all].sort((a, b) => Math.max(b.base, b.head) - Math.max(a.base, a.head));
  const kept = top.slice(0, MAX_BARS - 1);
  const rest = top.slice(MAX_BARS - 1);
  kept.push({
    label: `other (${rest.length})`,
    base: rest.reduce((s, b) => s + b.base, 0),
    head: rest.reduce((s, b) => s + b.head, 0),
  });
  return kept;
}

/** A number Mermaid's token accepts: plain decimal, no exponent. */
function chartNumber(value: number): string {
  return String(Number(value.toFixed(4)));
}
