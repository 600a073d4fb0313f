/**
 * The few error classes that cross mlgate's edges. Each carries what a user needs to act on it
 * (a file, a key path, a line) and nothing else: no request objects, no tokens, no stack in the
 * message. Everything that reaches a user is an `MlgateError`; anything else is a bug.
 */
export class MlgateError extends Error {
  /** Where the problem is, as a user would name it: a file, `file:line`, or an API endpoint. */
  readonly where: string | undefined;

  constructor(message: string, options: { where?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.where = options.where;
  }

  /** One sentence for stderr, a check run or a comment. */
  toUserMessage(): string {
    return this.where ? `${this.where}: ${this.message}` : this.message;
  }
}

/** A configuration file that cannot be used. `problems` are `path.to.key: message` lines. */
export class ConfigError extends MlgateError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options: { where?: string } = {}) {
    super(problems.join("; "), options);
    this.problems = problems;
  }
}

/** A metric file, prediction file or artifact whose content cannot be trusted or read. */
export class InputError extends MlgateError {}

/** An artifact (zip) that is missing, expired, too large or hostile. */
export class ArtifactError extends MlgateError {}

/** A GitHub API failure, converted in the adapter from Octokit's error. */
export class GitHubError extends MlgateError {
  readonly status: number | undefined;
  readonly endpoint: string;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    options: { endpoint: string; status?: number; retryAfterSeconds?: number; cause?: unknown },
  ) {
    super(message, { where: options.endpoint, cause: options.cause });
    this.endpoint = options.endpoint;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The adapter's messages already name the endpoint; name it once. */
  override toUserMessage(): string {
    return this.message.includes(this.endpoint) ? this.message : super.toUserMessage();
  }
}

/**
 * The service's own store (SQLite or Redis) failed: locked, full, closed, read-only. Passing, like
 * a GitHub outage: a job that meets it is run again later rather than concluded as failed.
 */
export class StoreError extends MlgateError {}

/** Usage error on the command line (unknown flag, missing argument). */
export class UsageError extends MlgateError {}

/** Whether a thrown value is one of mlgate's own errors (safe to show a user). */
export function isMlgateError(error: unknown): error is MlgateError {
  return error instanceof MlgateError;
}
