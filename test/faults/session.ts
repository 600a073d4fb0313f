import { deliver } from "../app/helpers/deliver.js";
import { AppHarness } from "./app-matrix.js";
import { FakeGitHub } from "./fake-github.js";
import { secretsIn } from "./observe.js";

let next = 0;

/**
 * A run of the app over several deliveries against one fake GitHub: deliveries go to the same
 * process until `restart()` starts a new one (new Probot, empty caches).
 */
export class Session {
  readonly gh = new FakeGitHub();
  #harness = new AppHarness();
  readonly #logs: string[] = [];
  readonly #restore: () => void;

  constructor(seed: (gh: FakeGitHub) => void) {
    seed(this.gh);
    this.#restore = this.gh.install();
  }

  async deliver(event: string, payload: Record<string, unknown>, id = `session-${++next}`) {
    const app = await this.#harness.app();
    try {
      await deliver(app.probot, event, payload, id);
    } finally {
      this.#logs.push(...this.#harness.lines.splice(0));
    }
  }

  restart(): void {
    this.#harness = new AppHarness();
  }

  /** Secrets in every log line so far and in everything written to GitHub. */
  secrets(): string[] {
    const bodies = [
      ...this.gh.checks.map((c) => JSON.stringify(c.output)),
      ...[...this.gh.comments.values()].flat().map((c) => c.body),
    ];
    return secretsIn([...this.#logs, ...bodies].join("\n"));
  }

  get logs(): string {
    return this.#logs.join("");
  }

  close(): void {
    this.#restore();
  }
}
