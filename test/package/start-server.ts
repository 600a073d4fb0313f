import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";

const SECRET = "mlgate-package-test";

/** A started `node dist/app/server.js`, and how to talk to it. */
export interface StartedServer {
  readonly url: string;
  deliver(payload: object, event: string, options?: { sign?: boolean }): Promise<Response>;
  /** Sends SIGTERM; true when the process ended because of it. */
  stop(): Promise<boolean>;
}

/**
 * Starts the app's server in `dir` as the image does (NODE_ENV=production, JSON logs) with a
 * throwaway app key, and resolves once it logs that it listens; rejects if it exits first.
 */
export async function startServer(dir: string): Promise<StartedServer> {
  const port = await freePort();
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const child = spawn(process.execPath, ["dist/app/server.js"], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_FORMAT: "json",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await listening(child);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    deliver: (payload, event, options = {}) => {
      const body = JSON.stringify(payload);
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": `package-test-${event}`,
      };
      if (options.sign !== false) {
        headers["x-hub-signature-256"] =
          `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
      }
      return fetch(`${url}/api/github/webhooks`, { method: "POST", headers, body });
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      const ended = once(child, "exit");
      child.kill("SIGTERM");
      const [code, signal] = (await ended) as [number | null, NodeJS.Signals | null];
      return signal === "SIGTERM" || code === 0;
    },
  };
}

async function listening(child: ChildProcess): Promise<void> {
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Listening on")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${output}`)),
    );
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
