import type { SignificanceConfig } from "../core/config/config.js";
import { InputError } from "../core/errors.js";
import { labelRule, quoteValue } from "../core/fairness/label-rule.js";
import type { PairedSample } from "../core/significance/paired-sample.js";
import { type PredictionInput, predictionFormatOf } from "./predictions/prediction-input.js";
import { readPredictionColumns } from "./predictions/read-prediction-columns.js";

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A Uint8Array that doubles when full: a million rows cost a byte each, not a boxed array. */
class ByteColumn {
  bytes = new Uint8Array(4096);
  length = 0;
  push(value: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = value;
  }
}

/**
 * How a cell compares for correctness (label === prediction), as leniently as the positive rule
 * reads labels: `1` and `1.0` are the same number, `True` and `true` the same boolean.
 */
function canonical(text: string, positive: SignificanceConfig["positive"]): string {
  const t = text.trim();
  if (typeof positive === "number" && DECIMAL.test(t)) return String(Number(t));
  if (typeof positive === "boolean") return t.toLowerCase();
  return typeof positive === "string" ? text : t;
}

const percent = (share: number) => `${Number((share * 100).toFixed(1))}%`;
const count = (n: number) => n.toLocaleString("en-US");

/** One side's rows: id, then label and prediction as 0/1 and whether they agree. */
type RowVisitor = (
  row: number,
  id: string,
  label: number,
  pred: number,
  correct: number,
) => string | undefined;

/**
 * Streams one side's predictions file, checks every id and label, and hands each row to
 * `visit`; a string from `visit` stops the pass and becomes the reason there is no sample.
 */
async function eachRow(
  input: PredictionInput,
  cfg: SignificanceConfig,
  file: string,
  where: string,
  visit: RowVisitor,
): Promise<{ rows: number; stop?: string; multiclass: boolean }> {
  const format = cfg.format ?? predictionFormatOf(file);
  if (!format) {
    throw new InputError(
      "cannot tell the predictions format from the file name: name it .csv, .jsonl or .parquet, or set significance.format",
      { where: file },
    );
  }
  const rule = labelRule(cfg.positive);
  // Labels take a handful of distinct values (and the readers hand over the same string object
  // for each), so each is classified once; the cap keeps a file of free-form text bounded.
  const classes = new Map<string, number>();
  const classify = (role: string, text: string, row: number): number => {
    let c = classes.get(text);
    if (c === undefined) {
      c = rule.classify(text);
      if (c < 0) throw new InputError(`row ${row}: ${rule.explain(role, text)}`, { where });
      if (classes.size < 1024) classes.set(text, c);
    }
    return c;
  };
  let rows = 0;
  // Set when correctness differs from comparing the 0/1 columns: there are more than two classes.
  let multiclass = false;
  const columns = [cfg.id, cfg.label, cfg.prediction];
  for await (const batch of readPredictionColumns(input, format, columns, where)) {
    for (const [id = "", labelText = "", predText = ""] of batch) {
      rows++;
      if (id === "") throw new InputError(`row ${rows}: the id is empty`, { where });
      const label = classify("label", labelText, rows);
      const pred = classify("prediction", predText, rows);
      // Equal text is right and a different class is wrong; only the rest ("1" vs "1.0", or
      // two negative classes) needs the canonical comparison.
      const correct =
        labelText === predText
          ? 1
          : label !== pred
            ? 0
            : canonical(labelText, cfg.positive) === canonical(predText, cfg.positive)
              ? 1
              : 0;
      if (correct !== (label === pred ? 1 : 0)) multiclass = true;
      const stop = visit(rows, id, label, pred, correct);
      if (stop) return { rows, stop, multiclass };
    }
  }
  return { rows, multiclass };
}

const duplicate = (id: string, where: string, row: number) =>
  `id ${quoteValue(id)} appears twice in ${where} (row ${row}); ids must be unique to pair examples`;

/**
 * Joins the base and head predictions by the configured id column into a `PairedSample` (in the
 * base file's order), streaming both files with the shared prediction readers. Ids on one side
 * only are counted and left out. Files that list the same ids in the same order pair row by row
 * without building an id index; a repeated id is then no error, as each occurrence pairs with
 * the one at the same position. There is no sample, and `missing` says why in one sentence,
 * when a configured column is absent (a baseline from before the id column existed), an id
 * repeats, a side is empty, or the share of ids in both (of all distinct ids) is below
 * `minOverlap`; the gate then falls back to its plain tolerance. Malformed files and labels that
 * do not fit the positive value throw `InputError`.
 */
export async function loadPairedSample(
  baseStream: PredictionInput,
  headStream: PredictionInput,
  cfg: SignificanceConfig,
  file: string,
): Promise<{ sample?: PairedSample; missing?: string }> {
  try {
    return await join(baseStream, headStream, cfg, file);
  } catch (error) {
    // The shared readers report an absent column as an InputError whose message starts so;
    // for pairing it is a reason to fall back, not bad input.
    if (error instanceof InputError && error.message.startsWith("no column ")) {
      return { missing: error.toUserMessage() };
    }
    throw error;
  }
}

async function join(
  baseInput: PredictionInput,
  headInput: PredictionInput,
  cfg: SignificanceConfig,
  file: string,
): Promise<{ sample?: PairedSample; missing?: string }> {
  const baseWhere = `base ${file}`;
  const baseIds: string[] = [];
  const baseLabel = new ByteColumn();
  const basePred = new ByteColumn();
  const baseCorrect = new ByteColumn();
  const base = await eachRow(baseInput, cfg, file, baseWhere, (_row, id, label, pred, correct) => {
    baseIds.push(id);
    baseLabel.push(label);
    basePred.push(pred);
    baseCorrect.push(correct);
    return undefined;
  });
  if (base.stop) return { missing: base.stop };
  const nBase = baseLabel.length;

  // Two runs of one evaluation script usually write the same ids in the same order. While the
  // head follows the base row for row, rows pair by position; the id → row map (the costly part
  // at a million rows: hashing every id twice) is built only at the first row out of step, and
  // checks the base ids for repeats then.
  let index: Map<string, number> | undefined;
  const buildIndex = (): string | undefined => {
    index = new Map();
    for (let i = 0; i < nBase; i++) {
      const id = baseIds[i]!;
      if (index.has(id)) return duplicate(id, baseWhere, i + 1);
      index.set(id, i);
    }
    return undefined;
  };

  const headWhere = `head ${file}`;
  const headLabel = new Uint8Array(nBase);
  const headPred = new Uint8Array(nBase);
  const headCorrect = new Uint8Array(nBase);
  const seen = new Uint8Array(nBase);
  let onlyHead = 0;
  let joined = 0;
  const head = await eachRow(headInput, cfg, file, headWhere, (row, id, label, pred, correct) => {
    let i: number | undefined;
    if (index === undefined && row <= nBase && baseIds[row - 1] === id) {
      i = row - 1;
    } else {
      if (index === undefined) {
        const repeat = buildIndex();
        if (repeat) return repeat;
      }
      i = index!.get(id);
    }
    if (i === undefined) {
      // A repeat among head-only ids goes unnoticed (that would need a second map); it only
      // inflates onlyHead, which errs towards refusing the comparison.
      onlyHead++;
      return undefined;
    }
    if (seen[i]) return duplicate(id, headWhere, row);
    seen[i] = 1;
    joined++;
    headLabel[i] = label;
    headPred[i] = pred;
    headCorrect[i] = correct;
    return undefined;
  });
  if (head.stop) return { missing: head.stop };
  if (index === undefined && joined < nBase) {
    // The head stopped early: the base rows it never reached still need the uniqueness check.
    const repeat = buildIndex();
    if (repeat) return { missing: repeat };
  }

  if (nBase === 0 || head.rows === 0) {
    return { missing: `no predictions in ${nBase === 0 ? baseWhere : headWhere}` };
  }
  const onlyBase = nBase - joined;
  const union = nBase + onlyHead;
  const share = joined / union;
  if (share < cfg.minOverlap) {
    return {
      missing: `only ${percent(share)} of ids are in both base and head ${file} (${count(joined)} of ${count(union)}: ${count(onlyBase)} only in base, ${count(onlyHead)} only in head), below min_overlap ${percent(cfg.minOverlap)}`,
    };
  }

  const pick = (source: Uint8Array): Uint8Array => {
    if (joined === nBase) return source.subarray(0, nBase);
    const out = new Uint8Array(joined);
    let k = 0;
    for (let i = 0; i < nBase; i++) if (seen[i]) out[k++] = source[i]!;
    return out;
  };
  const multiclass = base.multiclass || head.multiclass;
  const sample: PairedSample = {
    n: joined,
    baseLabel: pick(baseLabel.bytes),
    basePred: pick(basePred.bytes),
    headLabel: pick(headLabel),
    headPred: pick(headPred),
    ...(multiclass ? { baseCorrect: pick(baseCorrect.bytes), headCorrect: pick(headCorrect) } : {}),
    onlyBase,
    onlyHead,
  };
  return { sample };
}
