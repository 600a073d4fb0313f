import { posix } from "node:path";
import { InputError } from "../../core/errors.js";
import type { Metric } from "../../core/types.js";
import { decodeText } from "./decode-text.js";
import { flattenMetrics, isMapping } from "./flatten-metrics.js";
import { checkMetricName } from "./metric-name.js";
import type { MetricReader } from "./metric-reader.js";
import { parseJsonText } from "./parse-json-text.js";

/**
 * The Trainer's progress counters: where training stopped, not how good the model is. Left out
 * so a longer run does not show up as a "changed metric".
 */
const BOOKKEEPING = new Set(["epoch", "step", "global_step", "total_flos"]);

/**
 * Hugging Face Trainer output. `all_results.json`, `eval_results.json`, `train_results.json`,
 * `test_results.json` and `predict_results.json` are flat, and their names are kept exactly as
 * the Trainer writes them, prefix included (`eval_accuracy`, `eval_loss`, `train_runtime`):
 * that is the name users see in their logs and write in gates (DESIGN.md's example gates
 * `eval_loss`), and stripping `eval_` would make `eval_loss` and `train_loss` collide with a
 * plain `loss`. `trainer_state.json` (or any file with a `log_history` list) gives the last
 * value each key takes in `log_history`, up to the step of `best_model_checkpoint` when the state
 * names one (with `load_best_model_at_end` that checkpoint is the model kept, not the last one
 * evaluated); `epoch`, `step`, `global_step` and `total_flos` are skipped in every file.
 */
export const huggingfaceReader: MetricReader = {
  read(content, path, notes) {
    const parsed = parseJsonText(decodeText(content, path), path);
    if (isMapping(parsed) && Object.hasOwn(parsed, "log_history")) {
      return readTrainerState(parsed, path, notes);
    }
    if (posix.basename(path) === "trainer_state.json") {
      throw new InputError('has no "log_history" list; is it a Trainer\'s trainer_state.json?', {
        where: path,
      });
    }
    return flattenMetrics(parsed, path, {
      skip: (key, _value, depth) => depth === 1 && BOOKKEEPING.has(key),
    });
  },
};

function readTrainerState(state: object, path: string, notes: string[] | undefined): Metric[] {
  const history: unknown = (state as Record<string, unknown>).log_history;
  if (!Array.isArray(history)) {
    throw new InputError('has a "log_history" that is not a list', { where: path });
  }
  const best = bestStep(state);
  if (best !== undefined) {
    notes?.push(
      `${path}: metrics of the best checkpoint ${best.name} (step ${best.step}), the model the Trainer kept`,
    );
  }
  // Later entries overwrite earlier ones: the last value logged for each key wins. Earlier
  // values are history (a NaN loss at step 10 that recovered is not the model's metric).
  const last = new Map<string, number>();
  for (const entry of history) {
    if (!isMapping(entry)) continue;
    const step = (entry as Record<string, unknown>).step;
    if (best !== undefined && typeof step === "number" && step > best.step) continue;
    for (const [key, value] of Object.entries(entry)) {
      if (BOOKKEEPING.has(key) || typeof value !== "number") continue;
      checkMetricName(key, path);
      last.delete(key);
      last.set(key, value);
    }
  }
  return [...last].map(([name, value]) => ({
    name,
    value,
    file: path,
  }));
}

/** The step of `best_model_checkpoint` (`out/checkpoint-500` → 500), when the state has one. */
function bestStep(state: object): { name: string; step: number } | undefined {
  const checkpoint: unknown = (state as Record<string, unknown>).best_model_checkpoint;
  if (typeof checkpoint !== "string") return undefined;
  const match = /checkpoint-(\d+)\/?$/.exec(checkpoint);
  if (!match) return undefined;
  return { name: posix.basename(checkpoint.replace(/\/$/, "")), step: Number(match[1]) };
}
