import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGitHub } from "../faults/fake-github.js";

/** One webhook delivery as `GET /app/hook/deliveries` lists it. */
export interface HookDeliveryRow {
  id: number;
  guid: string;
  delivered_at: string;
  status_code: number;
  event: string;
  redelivery: boolean;
}

/**
 * The fake GitHub over real HTTP, for app processes of their own: the API on one port (under
 * `/api/v3`, as GitHub Enterprise Server serves it, so `GHE_HOST` points the app at it) and the
 * artifact storage on another. Adds the app's webhook deliveries (`GET /app/hook/deliveries`,
 * `POST …/attempts`) on top of the in-memory fake.
 */
export class FakeGitHubServer {
  gh!: FakeGitHub;
  readonly hookDeliveries: HookDeliveryRow[] = [];
  /** Redelivery requests, and what to do with them (send the delivery to the app again). */
  readonly redeliveries: number[] = [];
  onRedeliver: ((row: HookDeliveryRow) => Promise<void>) | undefined;
  /** How many times the app listed its deliveries (`GET /app/hook/deliveries`). */
  hookDeliveryListings = 0;
  #servers: Server[] = [];
  apiPort = 0;

  async start(): Promise<this> {
    const api = await listen((req) => this.#api(req));
    const blob = await listen((req) => this.#forward(req, this.gh.blob));
    this.#servers = [api, blob];
    this.apiPort = (api.address() as AddressInfo).port;
    this.gh = new FakeGitHub({
      api: `http://127.0.0.1:${this.apiPort}`,
      blob: `http://127.0.0.1:${(blob.address() as AddressInfo).port}`,
    });
    return this;
  }

  /** `GHE_HOST` for the app. */
  get host(): string {
    return `127.0.0.1:${this.apiPort}`;
  }

  async stop(): Promise<void> {
    for (const server of this.#servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  async #api(req: IncomingMessage): Promise<Response> {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.replace(/^\/api\/v3/, "");
    if (req.method === "GET" && path === "/app/hook/deliveries") {
      this.hookDeliveryListings++;
      return Response.json([...this.hookDeliveries].reverse());
    }
    const attempt = /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(path);
    if (req.method === "POST" && attempt) {
      const id = Number(attempt[1]);
      this.redeliveries.push(id);
      const row = this.hookDeliveries.find((d) => d.id === id);
      if (!row) return Response.json({ message: "Not Found" }, { status: 404 });
      setImmediate(() => void this.onRedeliver?.(row));
      return Response.json({}, { status: 202 });
    }
    return this.#forward(req, this.gh.api, path + url.search);
  }

  async #forward(req: IncomingMessage, origin: string, pathAndQuery?: string): Promise<Response> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && !["host", "connection", "content-length"].includes(name)) {
        headers.set(name, value);
      }
    }
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    try {
      return await this.gh.fetch(`${origin}${pathAndQuery ?? req.url ?? "/"}`, {
        method: req.method,
        headers,
        body: body && req.method !== "GET" ? new Uint8Array(body) : undefined,
        redirect: "manual",
      });
    } catch {
      // A socket fault: the client sees the connection drop.
      return new Response(null, { status: 599, headers: { "x-fake-socket": "1" } });
    }
  }
}

async function listen(handle: (req: IncomingMessage) => Promise<Response>): Promise<Server> {
  const server = createServer((req, res) => {
    handle(req)
      .then(async (answer) => {
        if (answer.headers.get("x-fake-socket")) {
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const payload = Buffer.from(await answer.arrayBuffer());
        if (!res.writable) return;
        res.writeHead(answer.status, headers);
        res.end(payload);
      })
      .catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
