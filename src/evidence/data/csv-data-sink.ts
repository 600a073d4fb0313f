import { ByteInterner } from "../predictions/byte-interner.js";
import type { PredictionRowSink } from "../predictions/prediction-row-sink.js";
import { addClassified, classifyText, type TextClass } from "./classify-text.js";
import { type ColumnAccumulator, MAX_CATEGORIES } from "./column-accumulator.js";
import { parseDecimal, parsedInteger, parsedValue } from "./parse-decimal.js";

/** Per column: the distinct non-numeric cells, their classes and counts. */
interface TextTable {
  readonly interner: ByteInterner;
  classes: TextClass[];
  texts: string[];
  counts: Float64Array;
}

/**
 * Receives CSV rows from the shared scanner as byte ranges and feeds each column's accumulator:
 * decimal numbers are parsed in place; other cells are interned per column, so a text value
 * is decoded and classified (missing marker, boolean, infinity, text) once however often it
 * occurs, and its count kept until `finish`.
 */
export class CsvDataSink implements PredictionRowSink {
  rows = 0;
  private readonly tables: TextTable[];

  constructor(private readonly columns: readonly ColumnAccumulator[]) {
    this.tables = columns.map(() => ({
      interner: new ByteInterner(),
      classes: [],
      texts: [],
      counts: new Float64Array(16),
    }));
  }

  bytes(buf: Buffer, starts: Int32Array, ends: Int32Array): void {
    this.rows++;
    const columns = this.columns;
    for (let k = 0; k < columns.length; k++) {
      const s = starts[k] as number;
      const e = ends[k] as number;
      if (s === e) continue;
      const b0 = buf[s] as number;
      if (
        ((b0 >= 48 && b0 <= 57) || b0 === 45 || b0 === 46 || b0 === 43) &&
        parseDecimal(buf, s, e)
      ) {
        (columns[k] as ColumnAccumulator).addNumber(parsedValue, parsedInteger);
        continue;
      }
      this.addText(k, buf, s, e);
    }
  }

  text(values: readonly string[]): void {
    this.rows++;
    values.forEach((value, k) => {
      if (value !== "") {
        const column = this.columns[k] as ColumnAccumulator;
        addClassified(column, value, classifyText(value), 1);
      }
    });
  }

  /** Hands the interned cells' counts to the accumulators. */
  finish(): void {
    this.tables.forEach((table, k) => {
      const column = this.columns[k] as ColumnAccumulator;
      for (let id = 0; id < table.texts.length; id++) {
        addClassified(
          column,
          table.texts[id] as string,
          table.classes[id] as TextClass,
          table.counts[id] as number,
        );
      }
      table.classes = [];
      table.texts = [];
      table.counts = new Float64Array(0);
    });
  }

  private addText(k: number, buf: Buffer, s: number, e: number): void {
    const table = this.tables[k] as TextTable;
    if (table.interner.size >= MAX_CATEGORIES) {
      // Bounded memory: past the cap each cell is classified on its own.
      const text = buf.toString("utf8", s, e);
      addClassified(this.columns[k] as ColumnAccumulator, text, classifyText(text), 1);
      return;
    }
    const id = table.interner.intern(buf, s, e);
    if (id === table.texts.length) {
      const text = table.interner.text(id);
      table.texts.push(text);
      table.classes.push(classifyText(text));
      if (id >= table.counts.length) {
        const bigger = new Float64Array(table.counts.length * 2);
        bigger.set(table.counts);
        table.counts = bigger;
      }
    }
    table.counts[id] = (table.counts[id] as number) + 1;
  }
}
