import type { Observation } from "./observe.js";

interface Counted {
  readonly gh: { readonly injected: readonly unknown[]; readonly requests: readonly unknown[] };
  readonly final: Observation;
  readonly crashed: boolean;
}

/** The figures of the fault matrix, added up from the runs themselves. */
export class Tally {
  injected = 0;
  requests = 0;
  cases = 0;
  crashes = 0;
  open = 0;
  lost = 0;
  duplicates = 0;
  leaks = 0;
  readonly appCalls = new Set<string>();
  readonly actionCalls = new Set<string>();

  app(call: string, run: Counted): void {
    this.appCalls.add(call);
    this.#add(run);
  }

  action(call: string, run: Counted): void {
    this.actionCalls.add(call);
    this.#add(run);
  }

  #add(run: Counted): void {
    this.cases++;
    this.injected += run.gh.injected.length;
    this.requests += run.gh.requests.length;
    if (run.crashed) this.crashes++;
    if (run.final.open) this.open++;
    if (run.final.outcome === "lost") this.lost++;
    this.duplicates += run.final.duplicateComments;
    this.leaks += run.final.secrets.length;
  }

  line(): string {
    const calls = this.appCalls.size + this.actionCalls.size;
    return (
      `github faults: ${this.injected} injected over ${calls} calls ` +
      `(${this.appCalls.size} app, ${this.actionCalls.size} action; ${this.cases} runs, ${this.requests} requests), ` +
      `${this.crashes} crashes, ${this.open} checks left open, ${this.lost} lost reviews, ` +
      `${this.duplicates} duplicate comments, ${this.leaks} secrets leaked`
    );
  }
}
