/**
 * The `mlgate fairness` command as a standalone program for bench/fairness.ts, which bundles it
 * with esbuild (so the measured process starts like the built CLI, without a TypeScript loader).
 * Prints the command's output to stdout and `{"ms", "maxRssKiB"}` to stderr.
 */
import { fairnessCommand } from "../src/cli/fairness-command.js";

const started = performance.now();
const code = await fairnessCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
});
const ms = performance.now() - started;
process.stderr.write(`${JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
