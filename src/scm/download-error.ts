import { ArtifactError } from "../core/errors.js";

/** A failed download; `retryable` when a fresh signed URL may succeed. */
export class DownloadError extends ArtifactError {
  readonly retryable: boolean;

  constructor(
    message: string,
    retryable: boolean,
    options: { where?: string; cause?: unknown } = {},
  ) {
    super(message, options);
    this.retryable = retryable;
  }
}
