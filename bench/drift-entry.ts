/**
 * The `mlgate drift` command as a standalone program for bench/drift.ts, which bundles it with
 * esbuild (so the measured process starts like the built CLI, without a TypeScript loader).
 * Prints the command's output to stdout and `{"ms", "cpuMs", "maxRssKiB"}` to stderr.
 */
import { driftCommand } from "../src/cli/drift-command.js";

const started = performance.now();
const code = await driftCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
});
const ms = performance.now() - started;
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stderr.write(`${JSON.stringify({ ms, cpuMs, maxRssKiB: usage.maxRSS })}\n`);
process.exitCode = code;
