import { ArtifactError } from "../core/errors.js";

/** A failed download; `retryable` when a fresh signed URL may succeed. */
export class DownloadError extends ArtifactError {
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}
