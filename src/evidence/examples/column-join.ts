import type { ExampleColumn } from "./example-column.js";

/** Most examples per direction whose input excerpt is kept while joining (the rest: ids only). */
export const MAX_EXCERPTS = 50;

/** A candidate flip: the base row, and the excerpt taken from the head row. */
export interface FlipCandidate {
  readonly index: number;
  readonly excerpt: string | undefined;
}

/**
 * Joins the head's values of one metric to the base column by id. Rows in the same order as the
 * base pair by position, with no index; the id index is built at the first row out of step. An
 * id that repeats (the same document twice in a task) pairs by occurrence: the k-th on the head
 * with the k-th on the base.
 */
export class ColumnJoin {
  readonly head: Float64Array;
  readonly seen: Uint8Array;
  headBinary = true;
  onlyHead = 0;
  paired = 0;
  readonly passToFail: FlipCandidate[] = [];
  readonly failToPass: FlipCandidate[] = [];
  private cursor = 0;
  private unique: Map<string, number> | undefined;
  private repeated: Map<string, number[]> | undefined;
  private used: Map<string, number> | undefined;

  constructor(readonly base: ExampleColumn) {
    this.head = new Float64Array(base.length);
    this.seen = new Uint8Array(base.length);
  }

  add(id: string, value: number, excerpt: (() => string | undefined) | undefined): void {
    if (value !== 0 && value !== 1) this.headBinary = false;
    const i = this.locate(id);
    if (i === undefined || this.seen[i]) {
      this.onlyHead++;
      return;
    }
    this.seen[i] = 1;
    this.head[i] = value;
    this.paired++;
    const before = this.base.values[i];
    if (before === 1 && value === 0) this.keep(this.passToFail, i, excerpt);
    else if (before === 0 && value === 1) this.keep(this.failToPass, i, excerpt);
  }

  private keep(
    list: FlipCandidate[],
    index: number,
    excerpt: (() => string | undefined) | undefined,
  ) {
    list.push({ index, excerpt: list.length < MAX_EXCERPTS ? excerpt?.() : undefined });
  }

  private locate(id: string): number | undefined {
    if (this.unique === undefined) {
      const k = this.cursor;
      if (k < this.base.length && this.base.ids[k] === id) {
        this.cursor++;
        return k;
      }
      this.buildIndex();
    }
    const list = this.repeated!.get(id);
    if (list) {
      const k = this.used!.get(id) ?? 0;
      this.used!.set(id, k + 1);
      return list[k];
    }
    return this.unique!.get(id);
  }

  private buildIndex(): void {
    const unique = new Map<string, number>();
    const repeated = new Map<string, number[]>();
    const ids = this.base.ids;
    for (let i = 0; i < this.base.length; i++) {
      const id = ids[i]!;
      const first = unique.get(id);
      if (first === undefined) {
        const list = repeated.get(id);
        if (list) list.push(i);
        else unique.set(id, i);
      } else {
        unique.delete(id);
        repeated.set(id, [first, i]);
      }
    }
    // Occurrences already paired by position are the earliest ones of their id.
    const used = new Map<string, number>();
    for (let i = 0; i < this.cursor; i++) {
      const id = ids[i]!;
      if (repeated.has(id)) used.set(id, (used.get(id) ?? 0) + 1);
    }
    this.unique = unique;
    this.repeated = repeated;
    this.used = used;
  }
}
