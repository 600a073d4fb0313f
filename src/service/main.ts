import { existsSync } from "node:fs";
import pino from "pino";
import { isMlgateError, MlgateError } from "../core/errors.js";
import { jobLogFields } from "./job-scope.js";
import { readAppCredentials } from "./read-app-credentials.js";
import { serveSetup } from "./serve-setup.js";
import { readServiceConfig } from "./service-config.js";
import { startService } from "./start-service.js";

/**
 * `npm start`: the mlgate GitHub App as a service. Without `APP_ID` and a private key it serves
 * Probot's registration page; with them it needs `WEBHOOK_SECRET` and runs until SIGTERM or
 * SIGINT, then drains. A setting that cannot be used stops it with one line on stderr.
 */
async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const log = pino({
    level: process.env.LOG_LEVEL?.trim() || "info",
    base: { name: "mlgate" },
    mixin: jobLogFields,
  });
  const credentials = readAppCredentials(process.env);
  if (!credentials && process.env.NODE_ENV === "production") {
    throw new MlgateError(
      "App ID is missing, or its private key: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH)",
    );
  }
  if (!credentials) {
    const port = Number(process.env.PORT) || 3000;
    const host = process.env.HOST?.trim() || "localhost";
    await serveSetup({
      host,
      port,
      webhookPath: process.env.WEBHOOK_PATH?.trim() || "/api/github/webhooks",
      log,
    });
    log.info(
      `mlgate: no APP_ID/PRIVATE_KEY yet; register the app at http://${host}:${port}/probot`,
    );
    return;
  }
  const config = readServiceConfig(process.env);
  const service = await startService(config, credentials, { log });
  let signals = 0;
  const stop = (signal: string) => {
    signals++;
    if (signals > 1) {
      log.warn(`mlgate: ${signal} again; exiting now, running jobs resume on the next start`);
      process.exit(1);
    }
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "mlgate: could not stop cleanly");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  // One line: what is wrong and where, never a stack for a setting.
  const message = isMlgateError(error)
    ? error.toUserMessage()
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`mlgate: the app cannot start: ${message}\n`);
  process.exit(1);
});
