#!/usr/bin/env node
import { run } from "./main.js";

const code = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  cwd: process.cwd(),
  stdoutIsTTY: process.stdout.isTTY === true,
});
process.exitCode = code;
