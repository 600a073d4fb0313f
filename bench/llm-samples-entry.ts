/**
 * `mlgate check` as a standalone program for bench/llm-samples.ts, which bundles it with esbuild
 * (so the measured process starts like the built CLI). Prints the review to stdout and
 * `{"ms", "cpuMs", "maxRssKiB"}` to stderr.
 */
import { run } from "../src/cli/main.js";

const started = performance.now();
const code = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  cwd: process.cwd(),
});
const ms = performance.now() - started;
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stderr.write(`${JSON.stringify({ ms, cpuMs, maxRssKiB: usage.maxRSS })}\n`);
process.exitCode = code;
