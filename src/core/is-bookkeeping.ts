import { nameTokens } from "./name-tokens.js";

// Tokens that, as the quantity a name ends with, say "when" or "how long", not "how good":
// progress counters, clocks, run time, learning-rate schedules.
const LAST_TOKENS = new Set([
  "epoch",
  "epochs",
  "step",
  "steps",
  "iteration",
  "iterations",
  "flos",
  "runtime",
  "time",
  "duration",
  "elapsed",
  "seconds",
  "secs",
  "sec",
  "timestamp",
  "walltime",
  "date",
]);
// Rates of the run itself: samples, steps or tokens per second (the Trainer's
// `eval_samples_per_second`), the Trainer's memory deltas (`train_mem_gpu_alloc_delta`).
const PHRASES = [/per_?sec(ond)?s?$/, /_per_s$/, /(^|_)mem_.*_delta$/, /(^|_)learning_rate(_|$)/];
// A learning rate logged by schedulers and loggers: `lr`, YOLO's `lr/pg0`, Lightning's `lr-Adam`.
const LEARNING_RATE = /^lr\d*$|^lrf$/;

/**
 * Whether a metric name is bookkeeping of the run rather than a measure of the model: run time,
 * throughput of the run, epoch and step counters, FLOs, memory deltas, timestamps and learning
 * rates. These are `neutral` unless the config gives them a direction, so a default tolerance
 * never fails a pull request because evaluation ran 1% slower or trained one epoch longer.
 * Names that merely start with such a word (`epoch_loss`, `step_accuracy`) are not bookkeeping.
 */
export function isBookkeeping(name: string): boolean {
  const tokens = nameTokens(name);
  if (tokens.length === 0) return false;
  const snake = tokens.join("_");
  if (PHRASES.some((re) => re.test(snake))) return true;
  if (tokens.some((t) => LEARNING_RATE.test(t))) return true;
  const last = (tokens[tokens.length - 1] as string).replace(/\d+$/, "");
  // `global_step`, `start_time`, `eval_runtime`, YOLO's `time`, `_timestamp`.
  return LAST_TOKENS.has(last);
}
