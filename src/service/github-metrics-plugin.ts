import type { ProbotOctokit } from "probot";
import type { ServiceMetrics } from "./service-metrics.js";

/** An Octokit plugin counting GitHub's answers by status and keeping the rate limit left. */
export function githubMetricsPlugin(metrics: ServiceMetrics) {
  return (octokit: { hook: InstanceType<typeof ProbotOctokit>["hook"] }): void => {
    octokit.hook.after("request", (response) => {
      metrics.githubRequests.inc({ status: String(response.status) });
      const remaining = Number(response.headers["x-ratelimit-remaining"]);
      if (Number.isFinite(remaining)) metrics.rateLimitRemaining.set(remaining);
    });
    octokit.hook.error("request", (error) => {
      const status = (error as { status?: unknown }).status;
      metrics.githubRequests.inc({ status: typeof status === "number" ? String(status) : "0" });
      throw error;
    });
  };
}
