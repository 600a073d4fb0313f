#!/usr/bin/env node
import { run } from "probot";
import app from "./index.js";

/*
 * The app's server as a plain Node entry: `node dist/app/server.js`, what `npm start` and the
 * container run, with no npm or probot CLI in between, so signals reach this process. Probot's
 * variables configure it (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, GHE_HOST);
 * outside production, without credentials, it serves the registration flow from app.yml.
 */
try {
  await run(app);
} catch (error) {
  // Probot's start-up errors (a missing APP_ID or key in production) are one sentence for an operator.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`mlgate: the app cannot start: ${message}\n`);
  process.exitCode = 1;
}
