/**
 * Entry point of the bundled Action (`action/dist/index.js`): runs once and exits with its code.
 */
import { run } from "./main.js";

process.exitCode = await run();
