import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** An answer to one of the service's other routes (health, readiness, metrics). */
export interface RouteAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The routes of the service's HTTP server. */
export interface ServiceRoutes {
  readonly webhookPath: string;
  readonly intake: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Answers any other request (`/healthz`, `/readyz`, `/metrics`, or not found). */
  readonly route: (method: string, path: string) => Promise<RouteAnswer>;
  /** True once SIGTERM arrived: intake answers 503. */
  readonly draining: () => boolean;
}

/**
 * The HTTP server: the webhook path goes to the intake, every other request to `route`.
 */
export function createServiceServer(routes: ServiceRoutes): Server {
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const send = (answer: RouteAnswer) => {
      if (res.headersSent) return;
      res.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.body);
    };
    if (path === routes.webhookPath && req.method === "POST") {
      if (routes.draining()) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        res.end(
          "Shutting down; GitHub will show this delivery as failed and mlgate redelivers it.\n",
        );
        return;
      }
      routes.intake(req, res).catch(() => send(text(500, "Internal error.")));
      return;
    }
    // Other requests carry no body worth reading; drain it so the connection can be reused.
    req.resume();
    routes
      .route(req.method ?? "GET", path)
      .then(send)
      .catch(() => send(text(500, "Internal error.")));
  });
}

/** A plain-text answer. */
export function text(status: number, body: string): RouteAnswer {
  return { status, contentType: "text/plain; charset=utf-8", body: `${body}\n` };
}
