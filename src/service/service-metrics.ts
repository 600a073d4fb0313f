import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { QueueDepth } from "./job-queue.js";

/** What an operator sees on `GET /metrics`. */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** Jobs ended, by outcome (`done`, `failed`, `retry`, `superseded`). */
  readonly reviews: Counter<"outcome">;
  readonly reviewSeconds: Histogram<"outcome">;
  /** Webhook deliveries answered, by what became of them. */
  readonly deliveries: Counter<"result">;
  readonly ackSeconds: Histogram;
  readonly githubRequests: Counter<"status">;
  readonly rateLimitRemaining: Gauge;
}

/** A fresh registry; `depth` is asked on every scrape for the queue gauge. */
export function createServiceMetrics(depth: () => Promise<QueueDepth>): ServiceMetrics {
  const registry = new Registry();
  const reviews = new Counter({
    name: "mlgate_reviews_total",
    help: "Review jobs ended, by outcome",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const reviewSeconds = new Histogram({
    name: "mlgate_review_duration_seconds",
    help: "Time one run of a review job took",
    labelNames: ["outcome"] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  new Gauge({
    name: "mlgate_queue_depth",
    help: "Jobs in the queue, by state",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const d = await depth();
      this.set({ state: "waiting" }, d.waiting);
      this.set({ state: "active" }, d.active);
      this.set({ state: "delayed" }, d.delayed);
    },
  });
  const deliveries = new Counter({
    name: "mlgate_webhook_deliveries_total",
    help: "Webhook deliveries answered, by result",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  const ackSeconds = new Histogram({
    name: "mlgate_webhook_ack_seconds",
    help: "Time from a webhook request to its answer",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  const githubRequests = new Counter({
    name: "mlgate_github_requests_total",
    help: "GitHub API requests, by HTTP status (0: no answer)",
    labelNames: ["status"] as const,
    registers: [registry],
  });
  const rateLimitRemaining = new Gauge({
    name: "mlgate_github_rate_limit_remaining",
    help: "x-ratelimit-remaining of the latest GitHub answer",
    registers: [registry],
  });
  return {
    registry,
    reviews,
    reviewSeconds,
    deliveries,
    ackSeconds,
    githubRequests,
    rateLimitRemaining,
  };
}
