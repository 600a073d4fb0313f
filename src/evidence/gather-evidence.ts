import type { Config } from "../core/config/config.js";
import type { Evidence } from "../core/evidence.js";
import type { OverrideInfo } from "../core/review.js";
import type { BaselineInfo, HeadInfo } from "../core/types.js";
import type { FileSource } from "./file-source.js";
import { readMetrics } from "./read-metrics.js";

export interface EvidenceInputs {
  readonly config: Config;
  readonly head: { readonly source: FileSource; readonly info: HeadInfo };
  readonly base?: { readonly source: FileSource; readonly info: BaselineInfo } | undefined;
  /** Why there is no baseline (shown in the review) when `base` is absent. */
  readonly baselineMissing?: string | undefined;
  readonly override?: OverrideInfo | undefined;
  /** Read every file of a single-file source, whatever the configured globs say. */
  readonly anyFileName?: boolean;
}

/**
 * Turns the head and baseline sources into evidence: metrics, and the fairness and paired
 * prediction summaries when the config asks for them. Only the files the config names are read.
 */
export async function gatherEvidence(
  inputs: EvidenceInputs,
): Promise<{ evidence: Evidence; warnings: string[] }> {
  const { config } = inputs;
  const metricsConfig = inputs.anyFileName ? { ...config.metrics, files: ["**"] } : config.metrics;
  const head = await readMetrics(inputs.head.source, metricsConfig);
  const base = inputs.base ? await readMetrics(inputs.base.source, metricsConfig) : undefined;
  const warnings = [...head.warnings, ...(base?.warnings ?? [])];
  const evidence: Evidence = {
    head: { ...inputs.head.info, metrics: head.metrics },
    base: inputs.base && base ? { ...inputs.base.info, metrics: base.metrics } : undefined,
    baselineMissing: inputs.base ? undefined : inputs.baselineMissing,
    override: inputs.override,
    seedKey: `${inputs.base?.info.sha ?? ""}:${inputs.head.info.sha ?? ""}`,
  };
  return { evidence, warnings };
}
