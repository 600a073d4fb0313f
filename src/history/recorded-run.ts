/** One successful push run of the training workflow on the base branch, as recorded. */
export interface RecordedRun {
  readonly runId: number;
  readonly runNumber: number;
  readonly sha: string;
  /** When the run was created, ISO 8601 (the order of the history). */
  readonly time: string;
  readonly url?: string | undefined;
  /** Finite metric values by name; undefined when the artifact could not be read. */
  readonly values?: Readonly<Record<string, number>> | undefined;
  /** Why there are no values ("the artifact has expired"): a run never changes, so neither does this. */
  readonly missing?: string | undefined;
}

/** Which history: one workflow's runs on one branch of one repository. */
export interface HistoryScope {
  /** `owner/name` */
  readonly repository: string;
  /** The workflow file name, `train.yml`. */
  readonly workflow: string;
  readonly branch: string;
}
