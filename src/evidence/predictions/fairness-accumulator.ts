import type { GroupCounts } from "../../core/fairness/fairness-report.js";
import {
  isScore,
  type LabelClass,
  type LabelRule,
  labelRule,
  quoteValue,
  thresholdRule,
} from "../../core/fairness/label-rule.js";
import { RowKeyInterner } from "./byte-interner.js";
import { CellError, type PredictionRowSink } from "./prediction-row-sink.js";

/**
 * Most distinct groups a predictions file may have. A sensitive column with more values is
 * almost always a mistake (an id or a score), and the report could not be shown anyway; the limit
 * also keeps memory independent of the number of rows.
 */
export const MAX_GROUPS = 10_000;
/**
 * Distinct (label, prediction, group) byte combinations remembered by the CSV path. Beyond this
 * (a float "prediction", many groups) rows take the text path: slower, same result.
 */
const MAX_ROW_KEYS = 1 << 16;
/** Distinct label/prediction texts whose class is remembered; more are classified each time. */
const MAX_CACHED_LABELS = 1024;

export interface FairnessColumns {
  readonly label: string;
  readonly prediction: string;
  readonly sensitive: readonly string[];
  readonly positive: string | number | boolean;
  /** When set, the prediction column holds scores: at or above it is a positive prediction. */
  readonly threshold?: number | undefined;
}

/** Distinct label and prediction values remembered for a message listing them. */
const SEEN_SHOWN = 10;

/**
 * Counts the confusion matrix of every group (intersection of the sensitive columns) as rows go
 * by. Reads its columns in the order of `columns`: label, prediction, then the sensitive ones.
 *
 * The CSV path makes no string per row: the bytes of the whole row key (label, prediction and
 * sensitive values together) are hashed once and looked up; a key seen before already knows
 * which counter it adds to, so a row costs one hash, one probe and one increment. Only a new key
 * is decoded, its label and prediction classified (errors name the row that introduced it) and
 * its group found. Text rows (JSON Lines, Parquet) use maps keyed by text; both share the groups.
 */
export class FairnessAccumulator implements PredictionRowSink {
  /** The columns to read, in the order `bytes` and `text` receive them. */
  readonly columns: readonly string[];

  private readonly rule: LabelRule;
  private readonly predictionRule: LabelRule;
  private readonly seenByRole: [Set<string>, Set<string>] = [new Set(), new Set()];
  private readonly width: number;
  private readonly roles: readonly [string, string];
  private readonly rowKeys: RowKeyInterner;
  /** Counter index (group * 4 + label * 2 + prediction) of each row key; -1 until classified. */
  private keyCell = new Int32Array(256).fill(-1);
  private counts = new Float64Array(64 * 4);
  private readonly textClass = new Map<string, LabelClass>();
  private readonly groupIds = new Map<string, number>();
  private readonly groupValues: (readonly string[])[] = [];
  private readonly scratch: string[];
  private readonly thresholded: boolean;

  constructor(spec: FairnessColumns) {
    this.columns = [spec.label, spec.prediction, ...spec.sensitive];
    this.rule = labelRule(spec.positive);
    this.predictionRule = spec.threshold === undefined ? this.rule : thresholdRule(spec.threshold);
    this.thresholded = spec.threshold !== undefined;
    this.width = this.columns.length;
    this.rowKeys = new RowKeyInterner(this.width, MAX_ROW_KEYS);
    this.roles = [roleName("label", spec.label), roleName("prediction", spec.prediction)];
    this.scratch = new Array<string>(this.width).fill("");
  }

  bytes(buf: Buffer, starts: Int32Array, ends: Int32Array, hash: number): void {
    const key = this.rowKeys.intern(buf, starts, ends, hash);
    if (key >= 0 && key < this.keyCell.length) {
      const cell = this.keyCell[key] as number;
      if (cell >= 0) {
        this.counts[cell] = (this.counts[cell] as number) + 1;
        return;
      }
    }
    this.newKey(key, buf, starts, ends);
  }

  text(values: readonly string[]): void {
    const cell = this.cellOf(values);
    this.counts[cell] = (this.counts[cell] as number) + 1;
  }

  /** The confusion counts of every group seen so far. */
  groupCounts(): GroupCounts[] {
    return this.groupValues.map((values, g) => {
      const c = this.counts;
      // Cells are label * 2 + prediction.
      return {
        values,
        counts: {
          tn: c[g * 4] ?? 0,
          fp: c[g * 4 + 1] ?? 0,
          fn: c[g * 4 + 2] ?? 0,
          tp: c[g * 4 + 3] ?? 0,
        },
      };
    });
  }

  /** A row whose key is new (or did not fit): decode it, classify it, remember its counter. */
  private newKey(key: number, buf: Buffer, starts: Int32Array, ends: Int32Array): void {
    const values = this.scratch;
    for (let k = 0; k < this.width; k++) {
      values[k] = buf.toString("utf8", starts[k] as number, ends[k] as number);
    }
    const cell = this.cellOf(values);
    if (key >= 0) {
      if (key >= this.keyCell.length) {
        const bigger = new Int32Array(Math.max(this.keyCell.length * 2, key + 1)).fill(-1);
        bigger.set(this.keyCell);
        this.keyCell = bigger;
      }
      this.keyCell[key] = cell;
    }
    this.counts[cell] = (this.counts[cell] as number) + 1;
  }

  private cellOf(values: readonly string[]): number {
    const label = this.classify(values[0] as string, 0);
    const prediction = this.classify(values[1] as string, 1);
    const key = this.width === 3 ? (values[2] as string) : JSON.stringify(values.slice(2));
    let group = this.groupIds.get(key);
    if (group === undefined) {
      group = this.groupValues.length;
      if (group >= MAX_GROUPS) {
        const names = this.columns.slice(2).map((c) => JSON.stringify(c));
        throw new CellError(
          `more than ${MAX_GROUPS} distinct groups in ${names.join(", ")}; a sensitive column should have few values (is an id or a score listed as sensitive?)`,
        );
      }
      this.groupIds.set(key, group);
      this.groupValues.push(values.slice(2));
      if ((group + 1) * 4 > this.counts.length) {
        const bigger = new Float64Array(Math.min(this.counts.length * 2, MAX_GROUPS * 4));
        bigger.set(this.counts);
        this.counts = bigger;
      }
    }
    return group * 4 + label * 2 + prediction;
  }

  /** Up to ten distinct values seen in the label and the prediction column, for messages. */
  seenValues(): { label: string[]; prediction: string[] } {
    return { label: [...this.seenByRole[0]], prediction: [...this.seenByRole[1]] };
  }

  private classify(text: string, role: 0 | 1): LabelClass {
    const seen = this.seenByRole[role];
    if (seen.size < SEEN_SHOWN) seen.add(text);
    const key = role === 1 && this.thresholded ? `\u0000${text}` : text;
    let cls = this.textClass.get(key);
    if (cls === undefined) {
      const rule = role === 1 ? this.predictionRule : this.rule;
      // A score where a label belongs would read as "not the positive value" and count every
      // row as a negative: the disparities would all be 0 and pass.
      if (
        !(role === 1 && this.thresholded) &&
        typeof this.rule.positive !== "string" &&
        isScore(text)
      ) {
        throw new CellError(
          role === 1
            ? `${this.roles[1]} ${quoteValue(text)} is a score, not a label; set fairness.threshold (e.g. 0.5) to count scores at or above it as positive predictions`
            : `${this.roles[0]} ${quoteValue(text)} is a score, not a label; the bias check needs the true labels`,
        );
      }
      cls = rule.classify(text);
      if (this.textClass.size < MAX_CACHED_LABELS) this.textClass.set(key, cls);
    }
    if (cls < 0) {
      const rule = role === 1 ? this.predictionRule : this.rule;
      throw new CellError(rule.explain(this.roles[role], text));
    }
    return cls;
  }
}

/** "label", or "label (column y_true)" when the column has another name. */
function roleName(role: string, column: string): string {
  return column === role ? role : `${role} (column ${JSON.stringify(column)})`;
}
