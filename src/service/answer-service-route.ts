import { type RouteAnswer, text } from "./create-service-server.js";
import type { ServiceMetrics } from "./service-metrics.js";

/** What the service's routes other than the webhook's report on. */
export interface ServiceState {
  readonly metrics: ServiceMetrics;
  /** Why the service is not ready (store unreachable, credentials refused), or undefined. */
  readonly notReady: () => Promise<string | undefined>;
  /** True once SIGTERM arrived: readiness answers 503. */
  readonly draining: () => boolean;
}

/**
 * Answers `/healthz` (the process answers), `/ping` (Probot's liveness path, which existing
 * health checks use), `/readyz` (the store and GitHub credentials work; 503 while draining) and
 * `/metrics` (Prometheus text). Runs where the workers run, so that liveness is theirs.
 */
export async function answerServiceRoute(
  state: ServiceState,
  method: string,
  path: string,
): Promise<RouteAnswer> {
  if (method !== "GET" && method !== "HEAD") return text(404, "Not found.");
  if (path === "/healthz") return text(200, "ok");
  if (path === "/ping")
    return { status: 200, contentType: "text/plain; charset=utf-8", body: "PONG" };
  if (path === "/readyz") {
    if (state.draining()) return text(503, "draining");
    try {
      const reason = await state.notReady();
      return reason ? text(503, reason) : text(200, "ready");
    } catch (error) {
      return text(503, error instanceof Error ? error.message : "not ready");
    }
  }
  if (path === "/metrics") {
    try {
      const body = await state.metrics.registry.metrics();
      return { status: 200, contentType: state.metrics.registry.contentType, body };
    } catch {
      return text(500, "Metrics unavailable.");
    }
  }
  return text(404, "Not found.");
}
