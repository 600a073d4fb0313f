/**
 * The fake GitHub of bench/webhook-ack.ts, in a process of its own (forked with an IPC channel):
 * serving artifact zips and check and comment writes for 50 reviews takes CPU, which on the load
 * generator's event loop would delay the moment acknowledgements are seen.
 *
 * Started as `webhook-ack-github.ts COUNT`; sends `{ kind: "ready", host, pulls }` once listening,
 * answers `{ kind: "progress" }` with what GitHub shows, and stops on `{ kind: "stop" }`.
 */
import { FakeGitHubServer } from "../test/service/fake-github-server.js";
import { botComments, concluded, seedPulls } from "../test/service/many-pulls.js";

/** What GitHub shows of the seeded pull requests. */
export interface GitHubProgress {
  readonly kind: "progress";
  /** Pull requests whose check concluded and that carry mlgate's comment. */
  readonly done: number;
  readonly comments: number;
  /** Check conclusions (`open` while not concluded), by count. */
  readonly conclusions: Record<string, number>;
}

const count = Number(process.argv[2] ?? "50");
const github = await new FakeGitHubServer().start();
const pulls = seedPulls(github.gh, count);

const progress = (): GitHubProgress => {
  let done = 0;
  let comments = 0;
  const conclusions: Record<string, number> = {};
  for (const pull of pulls) {
    const conclusion = concluded(github.gh, pull.headSha);
    const mine = botComments(github.gh, pull.number).length;
    comments += mine;
    if (conclusion && mine > 0) done++;
    const key = conclusion ?? "open";
    conclusions[key] = (conclusions[key] ?? 0) + 1;
  }
  return { kind: "progress", done, comments, conclusions };
};

process.on("message", (message: { kind: string }) => {
  if (message.kind === "progress") process.send?.(progress());
  if (message.kind === "stop") {
    void github.stop().then(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
process.send?.({ kind: "ready", host: github.host, pulls });
