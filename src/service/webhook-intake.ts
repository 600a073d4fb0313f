import type { IncomingMessage, ServerResponse } from "node:http";
import { verify } from "@octokit/webhooks-methods";
import type { Logger } from "probot";
import type { Delivery } from "./delivery.js";
import type { JobQueue } from "./job-queue.js";
import { readLimitedBody } from "./read-limited-body.js";
import type { ServiceMetrics } from "./service-metrics.js";

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

/** What the intake needs. */
export interface WebhookIntakeOptions {
  readonly secret: string;
  readonly queue: JobQueue;
  readonly log: Logger;
  readonly metrics: ServiceMetrics;
  readonly maxBytes?: number | undefined;
  /** Runs after a delivery is queued, before the answer (remembering a pull request's newest head). */
  readonly afterQueued?: ((delivery: Delivery) => Promise<void>) | undefined;
}

/**
 * The webhook endpoint: checks the signature, takes each delivery id once, stores the delivery
 * in the queue and answers — the review runs later, in a worker, so GitHub is answered in
 * milliseconds. A refused request is answered with one line and logged without its body.
 */
export function createWebhookIntake(options: WebhookIntakeOptions) {
  const { secret, queue, log, metrics } = options;
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const stop = metrics.ackSeconds.startTimer();
    const answer = (status: number, result: string, text: string, close = false) => {
      metrics.deliveries.inc({ result });
      res.writeHead(status, {
        "content-type": "text/plain; charset=utf-8",
        ...(close ? { connection: "close" } : {}),
      });
      res.end(`${text}\n`);
      stop();
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
    if (body.kind === "aborted") {
      stop();
      return;
    }
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
    try {
      const delivery: Delivery = { id, name, payload };
      const result = await queue.enqueue(delivery);
      if (result === "duplicate") {
        answer(200, "duplicate", "Delivery already taken.");
        return;
      }
      await options.afterQueued?.(delivery).catch((error: unknown) => {
        log.warn({ err: error, delivery: id }, "mlgate: could not note the delivery's head");
      });
      answer(202, "queued", "Queued.");
    } catch (error) {
      // 5xx: GitHub records a failed delivery, which the next start redelivers.
      log.error({ err: error, delivery: id, event: name }, "mlgate: could not queue a delivery");
      answer(503, "unavailable", "The job store is unavailable; try again.");
    }
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
