import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";

/** Properties of a workflow command annotation (`::error file=…,title=…::message`). */
export interface AnnotationProperties {
  readonly title?: string | undefined;
  readonly file?: string | undefined;
}

/**
 * The Actions runner's file and stdout protocol: inputs from `INPUT_*`, outputs appended to
 * `GITHUB_OUTPUT`, the job summary appended to `GITHUB_STEP_SUMMARY`, annotations as workflow
 * commands. Written here rather than taken from `@actions/core`, whose OIDC client pulls an HTTP
 * stack into the bundle (≈ 400 KB for `getInput` alone) that the Action never uses.
 */
export class RunnerIo {
  readonly #env: NodeJS.ProcessEnv;
  readonly #write: (text: string) => void;

  /**
   * @param env - the step's environment (`process.env` on a runner)
   * @param write - where log lines go (stdout on a runner; the runner reads commands from it)
   */
  constructor(env: NodeJS.ProcessEnv, write: (text: string) => void) {
    this.#env = env;
    this.#write = write;
  }

  /** An input as the runner passes it (`INPUT_<NAME>`, hyphens kept), trimmed; "" when unset. */
  input(name: string): string {
    return (this.#env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
  }

  /** Sets a step output. Without `GITHUB_OUTPUT` (a local run) it is logged instead. */
  setOutput(name: string, value: string): void {
    const file = this.#env.GITHUB_OUTPUT;
    if (!file) {
      this.info(`output ${name}=${value}`);
      return;
    }
    // A random delimiter: a value cannot end the heredoc early and inject another output.
    const delimiter = `ghadelimiter_${randomUUID()}`;
    appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, "utf8");
  }

  /** Appends Markdown to the job summary; false when the runner gave no summary file. */
  appendSummary(markdown: string): boolean {
    const file = this.#env.GITHUB_STEP_SUMMARY;
    if (!file) return false;
    appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`, "utf8");
    return true;
  }

  info(message: string): void {
    this.#write(`${message}\n`);
  }

  notice(message: string, properties: AnnotationProperties = {}): void {
    this.#command("notice", message, properties);
  }

  warning(message: string, properties: AnnotationProperties = {}): void {
    this.#command("warning", message, properties);
  }

  error(message: string, properties: AnnotationProperties = {}): void {
    this.#command("error", message, properties);
  }

  /** Folds the lines logged by `work` under a heading in the log. */
  async group<T>(title: string, work: () => Promise<T>): Promise<T> {
    this.#write(`::group::${escapeData(title)}\n`);
    try {
      return await work();
    } finally {
      this.#write("::endgroup::\n");
    }
  }

  #command(kind: string, message: string, properties: AnnotationProperties): void {
    const props = Object.entries(properties)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string")
      .map(([k, v]) => `${k}=${escapeProperty(v)}`)
      .join(",");
    this.#write(`::${kind}${props ? ` ${props}` : ""}::${escapeData(message)}\n`);
  }
}

/** A message may span lines; the runner reads one command per line. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
