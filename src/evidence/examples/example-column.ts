/** One side's values of one metric, in the order read, with their ids. */
export class ExampleColumn {
  readonly ids: string[] = [];
  values = new Float64Array(1024);
  length = 0;
  /** Set while every value is 0 or 1. */
  binary = true;

  constructor(readonly task: string | undefined) {}

  push(id: string, value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.ids.push(id);
    this.values[this.length++] = value;
    if (value !== 0 && value !== 1) this.binary = false;
  }
}

/** The base side's per-example values, one column per metric. */
export class ExampleTable {
  readonly columns = new Map<string, ExampleColumn>();

  add(metric: string, id: string, value: number, task: string | undefined): void {
    let column = this.columns.get(metric);
    if (!column) {
      column = new ExampleColumn(task);
      this.columns.set(metric, column);
    }
    column.push(id, value);
  }
}
