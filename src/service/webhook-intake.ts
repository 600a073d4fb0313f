import type { IncomingMessage, ServerResponse } from "node:http";
import { verify } from "@octokit/webhooks-methods";
import type { Delivery } from "./delivery.js";
import type { JobQueue } from "./job-queue.js";
import { readLimitedBody } from "./read-limited-body.js";

/** GitHub caps a webhook payload at 25 MB; anything bigger is not from GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** Events mlgate acts on; others are acknowledged and dropped. */
export const HANDLED_EVENTS: ReadonlySet<string> = new Set([
  "pull_request",
  "workflow_run",
  "check_run",
  "check_suite",
  "merge_group",
]);

/** Where the intake says why it refused a delivery (never with the delivery's body). */
export interface IntakeLog {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** What the intake needs. */
export interface WebhookIntakeOptions {
  readonly secret: string;
  readonly queue: Pick<JobQueue, "enqueue">;
  readonly log: IntakeLog;
  /** Told of every answer: what became of the delivery (`queued`, `refused`…) and how long it took. */
  readonly answered: (result: string, seconds: number) => void;
  readonly maxBytes?: number | undefined;
  /**
   * Runs before a delivery is queued (remembering a pull request's newest head), so no worker can
   * take the job before what supersedes it is known.
   */
  readonly beforeQueued?: ((delivery: Delivery) => Promise<void>) | undefined;
  /** Runs after a delivery is queued, before the answer. */
  readonly afterQueued?: ((delivery: Delivery) => Promise<void>) | undefined;
  /** How long the store may take before GitHub is answered 503 (default 5 s). */
  readonly storeTimeoutMs?: number | undefined;
}

/**
 * Within GitHub's 10 s: a store that does not answer (Redis away, its client waiting for a
 * reconnect) gets a 503 GitHub records as failed, and the service redelivers once it is back,
 * rather than a request GitHub gives up on while the connection stays open.
 */
const STORE_TIMEOUT_MS = 5000;

/**
 * The webhook endpoint: checks the signature, takes each delivery id once, stores the delivery
 * in the queue and answers — the review runs later, in a worker, so GitHub is answered in
 * milliseconds. A refused request is answered with one line and logged without its body.
 */
export function createWebhookIntake(options: WebhookIntakeOptions) {
  const { secret, queue, log, answered } = options;
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  const timeoutMs = options.storeTimeoutMs ?? STORE_TIMEOUT_MS;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const answer = (status: number, result: string, text: string, close = false) => {
      res.writeHead(status, {
        "content-type": "text/plain; charset=utf-8",
        ...(close ? { connection: "close" } : {}),
      });
      res.end(`${text}\n`);
      answered(result, (performance.now() - started) / 1000);
    };
    const id = header(req, "x-github-delivery");
    const name = header(req, "x-github-event");
    const signature = header(req, "x-hub-signature-256");
    if (!id || !name || !signature) {
      log.warn({ delivery: id }, "mlgate: refused a webhook without GitHub's headers");
      answer(400, "refused", "Missing X-GitHub-Delivery, X-GitHub-Event or X-Hub-Signature-256.");
      return;
    }
    const body = await readLimitedBody(req, maxBytes);
    if (body.kind === "too-large") {
      log.warn({ delivery: id, event: name }, "mlgate: refused a webhook body over 25 MB");
      answer(413, "refused", "Payload over GitHub's 25 MB limit.", true);
      return;
    }
    if (body.kind === "aborted") return;
    const text = body.bytes.toString("utf8");
    let valid = false;
    try {
      valid = await verify(secret, text, signature);
    } catch {
      valid = false;
    }
    if (!valid) {
      log.warn(
        { delivery: id, event: name },
        "mlgate: refused a webhook whose signature does not match",
      );
      answer(401, "refused", "Signature does not match the webhook secret.");
      return;
    }
    if (name === "ping") {
      answer(200, "ping", "pong");
      return;
    }
    if (!HANDLED_EVENTS.has(name)) {
      answer(202, "ignored", `mlgate does not act on ${name} events.`);
      return;
    }
    let payload: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
      payload = parsed as Record<string, unknown>;
    } catch {
      log.warn(
        { delivery: id, event: name },
        "mlgate: refused a signed webhook that is not a JSON object",
      );
      answer(400, "refused", "The body is not a JSON object.");
      return;
    }
    const delivery: Delivery = { id, name, payload };
    const store = async () => {
      await options.beforeQueued?.(delivery).catch((error: unknown) => {
        log.warn({ err: error, delivery: id }, "mlgate: could not note the delivery's head");
      });
      const result = await queue.enqueue(delivery);
      if (result === "queued") {
        await options.afterQueued?.(delivery).catch((error: unknown) => {
          log.warn({ err: error, delivery: id }, "mlgate: could not note the delivery");
        });
      }
      return result;
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      const storing = store();
      // Stored after all, past the answer: the redelivery of it is then a duplicate.
      storing.catch(() => {});
      const result = await Promise.race([
        storing,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the job store did not answer within ${timeoutMs / 1000} s`)),
            timeoutMs,
          );
        }),
      ]);
      if (result === "duplicate") {
        answer(200, "duplicate", "Delivery already taken.");
        return;
      }
      answer(202, "queued", "Queued.");
    } catch (error) {
      // 5xx: GitHub records a failed delivery, redelivered once the store is back (or at start).
      log.error({ err: error, delivery: id, event: name }, "mlgate: could not queue a delivery");
      answer(503, "unavailable", "The job store is unavailable; try again.");
    } finally {
      clearTimeout(timer);
    }
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
