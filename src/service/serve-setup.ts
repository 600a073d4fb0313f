import type { IncomingMessage, ServerResponse } from "node:http";
import { type Logger, Probot, Server } from "probot";

type SetupHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
type SetupAppFactory = (options: {
  host: string;
  port: number;
  log: Logger;
}) => (probot: Probot, options: unknown) => Promise<SetupHandler>;

/**
 * Serves Probot's registration page (`/probot`) while the app has no credentials: it creates the
 * GitHub App from `app.yml` with its webhook URL set to this server's webhook path (as the
 * browser reached the page, honouring `X-Forwarded-Host`/`-Proto` behind a proxy), then writes
 * `APP_ID`, `PRIVATE_KEY` and `WEBHOOK_SECRET` to `.env`; a restart then runs the app.
 */
export async function serveSetup(options: {
  readonly host: string;
  readonly port: number;
  readonly webhookPath: string;
  readonly log: Logger;
}): Promise<Server> {
  // Probot's setup flow is not part of its public exports; it ships in the same package.
  const url = new URL("./apps/setup.js", import.meta.resolve("probot"));
  const { setupAppFactory } = (await import(url.href)) as { setupAppFactory: SetupAppFactory };
  // A smee.io channel cannot help here: the page points GitHub at this server instead.
  process.env.NO_SMEE_SETUP ??= "true";
  const server = new Server({
    host: options.host,
    port: options.port,
    webhookPath: options.webhookPath,
    log: options.log,
    Probot: Probot.defaults({
      appId: 1,
      privateKey: "unused while registering the app",
      log: options.log,
    }),
  });
  const setupApp = setupAppFactory({ host: options.host, port: options.port, log: options.log });
  await server.loadHandlerFactory(async (probot, factoryOptions) => {
    const inner = await setupApp(probot, factoryOptions);
    return (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? "/").split("?")[0];
      if (req.method !== "GET" || path !== "/probot" || process.env.WEBHOOK_PROXY_URL) {
        return inner(req, res);
      }
      // The manifest's webhook URL is read while the page is built, synchronously: point it at
      // this server's webhook path for exactly that call.
      process.env.WEBHOOK_PROXY_URL = `${publicBase(req)}${options.webhookPath}`;
      try {
        return inner(req, res);
      } finally {
        delete process.env.WEBHOOK_PROXY_URL;
      }
    };
  });
  await server.start();
  return server;
}

function publicBase(req: IncomingMessage): string {
  const forwarded = req.headers["x-forwarded-proto"];
  const proto =
    (typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined) ||
    ((req.socket as { encrypted?: boolean }).encrypted ? "https" : "http");
  const host = req.headers["x-forwarded-host"] ?? req.headers.host ?? "localhost";
  return `${proto}://${Array.isArray(host) ? host[0] : host}`;
}
