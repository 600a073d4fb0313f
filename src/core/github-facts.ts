/**
 * GitHub's facts that mlgate's output has to respect, in one place: the renderers size their
 * output by them and the GitHub adapter enforces them again before sending.
 */
export const GITHUB_LIMITS = {
  /** Characters in an issue or pull request comment body. */
  commentChars: 65_536,
  /** Characters in a check run's `output.summary` and `output.text`. */
  checkTextChars: 65_535,
  /** Characters in a check run's `output.title` and an annotation's `title`. */
  checkTitleChars: 255,
  /** Annotations accepted by one create or update of a check run. */
  annotationsPerRequest: 50,
  /**
   * An annotation's `message` is limited to 64 KB, counted in UTF-8 bytes; 64,000 is within the
   * limit however a kilobyte is counted.
   */
  annotationMessageBytes: 64_000,
} as const;

/** The name of mlgate's check run: the name a branch protection rule requires. */
export const CHECK_NAME = "mlgate";

/** Hidden marker that identifies mlgate's review comment (together with the app as author). */
export const REVIEW_MARKER = "<!-- mlgate:review -->";
