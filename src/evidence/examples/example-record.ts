/** One example's value for one metric, as an evaluation harness wrote it. */
export interface ExampleRecord {
  /** The metric's name, as the metric readers name it (`gsm8k.exact_match.strict-match`). */
  readonly metric: string;
  /** The format's own id of the example (lm-eval's `doc_hash`, promptfoo's test and provider). */
  readonly id: string;
  readonly value: number;
  /** The task or provider, shown next to the id. */
  readonly task?: string | undefined;
  /** A short excerpt of the input, computed only for examples that are shown. */
  readonly excerpt?: (() => string | undefined) | undefined;
}

/** Where a reader of per-example rows puts each record. */
export type ExampleSink = (record: ExampleRecord) => void;

/** Longest excerpt kept: enough to recognise an example, short enough for a table cell. */
export const EXCERPT_LENGTH = 100;

/** One line of at most {@link EXCERPT_LENGTH} characters from free text. */
export function excerptOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const line = text.replace(/\s+/g, " ").trim();
  if (line === "") return undefined;
  const chars = [...line];
  return chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH - 1).join("")}…` : line;
}
