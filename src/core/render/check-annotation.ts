/** A check-run annotation: a failed gate pointing at the metric file it came from. */
export interface CheckAnnotation {
  readonly path: string;
  readonly message: string;
  readonly title: string;
  readonly level: "failure" | "warning" | "notice";
}
