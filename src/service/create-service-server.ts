import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ServiceMetrics } from "./service-metrics.js";

/** The routes of the service's HTTP server. */
export interface ServiceRoutes {
  readonly webhookPath: string;
  readonly intake: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  readonly metrics: ServiceMetrics;
  /** Why the service is not ready (store unreachable, credentials refused), or undefined. */
  readonly notReady: () => Promise<string | undefined>;
  /** True once SIGTERM arrived: intake and readiness answer 503. */
  readonly draining: () => boolean;
}

/**
 * The HTTP server: the webhook path, `/healthz` (the process answers), `/readyz` (the store and
 * GitHub credentials work; 503 while draining) and `/metrics` (Prometheus text).
 */
export function createServiceServer(routes: ServiceRoutes): Server {
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const text = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(`${body}\n`);
    };
    if (path === routes.webhookPath && req.method === "POST") {
      if (routes.draining()) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        res.end(
          "Shutting down; GitHub will show this delivery as failed and mlgate redelivers it.\n",
        );
        return;
      }
      routes.intake(req, res).catch(() => {
        if (!res.headersSent) text(500, "Internal error.");
      });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      text(404, "Not found.");
      return;
    }
    if (path === "/healthz") {
      text(200, "ok");
      return;
    }
    if (path === "/ping") {
      // Probot's liveness path, which existing health checks use.
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("PONG");
      return;
    }
    if (path === "/readyz") {
      if (routes.draining()) {
        text(503, "draining");
        return;
      }
      routes
        .notReady()
        .then((reason) => (reason ? text(503, reason) : text(200, "ready")))
        .catch((error: unknown) => text(503, error instanceof Error ? error.message : "not ready"));
      return;
    }
    if (path === "/metrics") {
      routes.metrics.registry
        .metrics()
        .then((body) => {
          res.writeHead(200, { "content-type": routes.metrics.registry.contentType }).end(body);
        })
        .catch(() => text(500, "Metrics unavailable."));
      return;
    }
    text(404, "Not found.");
  });
}
