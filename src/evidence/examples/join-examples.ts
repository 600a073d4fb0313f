import type { ExampleComparison, MetricFlips } from "../../core/examples/example-comparison.js";
import type { PairedScores } from "../../core/significance/paired-scores.js";
import { ColumnJoin, type FlipCandidate } from "./column-join.js";
import type { ExampleColumn, ExampleTable } from "./example-column.js";
import type { ExampleRecord } from "./example-record.js";

const percent = (share: number) => `${Number((share * 100).toFixed(1))}%`;
const count = (n: number) => n.toLocaleString("en-US");

/**
 * Joins the head's per-example records to the base's table as they stream in, then pairs each
 * metric's values for the noise-aware gates and lists the examples of pass/fail metrics that
 * flipped.
 */
export class ExampleJoiner {
  private readonly joins = new Map<string, ColumnJoin>();

  constructor(private readonly table: ExampleTable) {}

  /** Takes one head record (an `ExampleSink`). */
  readonly add = (record: ExampleRecord): void => {
    let join = this.joins.get(record.metric);
    if (!join) {
      const column = this.table.columns.get(record.metric);
      if (!column) return;
      join = new ColumnJoin(column);
      this.joins.set(record.metric, join);
    }
    join.add(record.id, record.value, record.excerpt);
  };

  /**
   * The comparison. A metric whose examples overlap less than `minOverlap` (the share of ids in
   * both runs, of all distinct ids) gets no paired values — its gate then falls back — and a
   * note saying so; its flips are still listed.
   */
  finish(minOverlap: number): ExampleComparison {
    const paired = new Map<string, PairedScores>();
    const flips: MetricFlips[] = [];
    const notes: string[] = [];
    for (const [metric, column] of this.table.columns) {
      const join = this.joins.get(metric);
      if (!join) continue;
      const onlyBase = column.length - join.paired;
      const union = column.length + join.onlyHead;
      const share = union === 0 ? 0 : join.paired / union;
      if (join.paired > 0 && share >= minOverlap) {
        paired.set(metric, pairedScores(column, join, onlyBase));
      } else {
        notes.push(
          `${metric}: only ${percent(share)} of examples are in both runs (${count(join.paired)} of ${count(union)}: ${count(onlyBase)} only in base, ${count(join.onlyHead)} only in head), below min_overlap ${percent(minOverlap)}, so its change is not tested pair by pair`,
        );
      }
      if (column.binary && join.headBinary && join.passToFail.length + join.failToPass.length > 0) {
        const shown = (c: FlipCandidate) => ({
          id: column.ids[c.index]!,
          ...(column.task === undefined ? {} : { task: column.task }),
          ...(c.excerpt === undefined ? {} : { excerpt: c.excerpt }),
        });
        flips.push({
          metric,
          paired: join.paired,
          onlyBase,
          onlyHead: join.onlyHead,
          passToFail: join.passToFail.map(shown),
          failToPass: join.failToPass.map(shown),
        });
      }
    }
    return { paired, flips, notes };
  }
}

function pairedScores(column: ExampleColumn, join: ColumnJoin, onlyBase: number): PairedScores {
  const n = join.paired;
  let base: Float64Array;
  let head: Float64Array;
  if (n === column.length) {
    base = column.values.subarray(0, n);
    head = join.head;
  } else {
    base = new Float64Array(n);
    head = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < column.length; i++) {
      if (!join.seen[i]) continue;
      base[k] = column.values[i]!;
      head[k++] = join.head[i]!;
    }
  }
  return {
    n,
    base,
    head,
    binary: column.binary && join.headBinary,
    onlyBase,
    onlyHead: join.onlyHead,
  };
}
