import type { ApplicationFunction, Context, Probot } from "probot";
import { CHECK_NAME } from "../core/github-facts.js";
import { OctokitScm, type OctokitScmOptions } from "../scm/github/octokit-scm.js";
import { mergeGroupFrom } from "../scm/merge-group-from.js";
import { pullRequestFrom } from "../scm/pull-request-from.js";
import { workflowRunFrom } from "../scm/workflow-run-from.js";
import { type AppState, createAppState } from "./app-state.js";
import type { FlowContext } from "./flow-context.js";
import { onCheckRerequested } from "./on-check-rerequested.js";
import { onMergeGroup } from "./on-merge-group.js";
import { onMergeGroupDestroyed } from "./on-merge-group-destroyed.js";
import { onPullRequest } from "./on-pull-request.js";
import { onStrandedCheck } from "./on-stranded-check.js";
import { onWorkflowRun } from "./on-workflow-run.js";
import { STRANDED_CHECK_EVENT, strandedCheckFrom } from "./stranded-check-event.js";

/** Knobs for tests and self-hosters; every one has a production default. */
export interface MlgateAppOptions {
  /** Shared in-process state (caches, dedupe); a fresh one per app by default. */
  readonly state?: AppState | undefined;
  /** The app's slug (its comments are by `<slug>[bot]`); asked of GitHub once when not given. */
  readonly appSlug?: string | undefined;
  /** Passed to every `OctokitScm` (retry policy, timeouts, zip caps, a fetch for downloads). */
  readonly scm?: Partial<Omit<OctokitScmOptions, "owner" | "repo" | "botLogin">> | undefined;
  readonly now?: (() => Date) | undefined;
  /** Whether the job being handled will be run again if it throws (set by a job queue). */
  readonly canRetry?: (() => boolean) | undefined;
}

export { CHECK_NAME } from "../core/github-facts.js";

/**
 * The mlgate GitHub App: thin handlers that turn webhook payloads into mlgate's own types and
 * hand them to the flows. Each delivery is handled once per process (GitHub redelivers), and one
 * pull request's deliveries are handled one after another.
 */
export function createApp(options: MlgateAppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const state =
      options.state ??
      createAppState({
        onCacheError: (error) =>
          app.log.warn({ err: error }, "mlgate: could not release an artifact"),
      });
    let slug: Promise<string> | undefined = options.appSlug
      ? Promise.resolve(options.appSlug)
      : undefined;
    const appSlug = (): Promise<string> => {
      slug ??= app
        .auth()
        .then((octokit) => octokit.request("GET /app"))
        .then(({ data }) => {
          if (!data?.slug) throw new Error("GitHub did not say this app's slug (GET /app)");
          return data.slug;
        })
        .catch((error: unknown) => {
          // Ask again on the next delivery rather than remembering a failure.
          slug = undefined;
          throw error;
        });
      return slug;
    };

    const flowContext = async (context: Context): Promise<FlowContext> => {
      const { owner, repo } = context.repo();
      const name = await appSlug();
      const scm = new OctokitScm(context.octokit, {
        ...options.scm,
        owner,
        repo,
        botLogin: `${name}[bot]`,
        appSlug: name,
        checkName: CHECK_NAME,
        artifactCache: options.scm?.artifactCache ?? state.artifacts,
        baselineCache: options.scm?.baselineCache ?? state.baselines,
      });
      return {
        scm,
        state,
        log: context.log,
        now: options.now ?? (() => new Date()),
        canRetry: options.canRetry,
      };
    };

    /** Drops a delivery already seen; forgets it again if handling fails, so a redelivery retries. */
    const once =
      <C extends Context>(handler: (context: C) => Promise<void>) =>
      async (context: C): Promise<void> => {
        if (state.deliveries.has(context.id)) {
          context.log.info(`mlgate: delivery ${context.id} already handled; skipped`);
          return;
        }
        state.deliveries.set(context.id, true);
        try {
          await handler(context);
        } catch (error) {
          state.deliveries.delete(context.id);
          throw error;
        }
      };

    app.on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
      once(async (context) => {
        const { action } = context.payload;
        const kind =
          action === "reopened" ? "reopened" : action === "opened" ? "opened" : "synchronize";
        await onPullRequest(
          await flowContext(context),
          pullRequestFrom(context.payload.pull_request),
          { kind },
          context.payload.installation?.id,
        );
      }),
    );

    app.on(
      "pull_request.edited",
      once(async (context) => {
        // A new base branch means a new baseline: review the head again.
        if (!context.payload.changes?.base) return;
        await onPullRequest(
          await flowContext(context),
          pullRequestFrom(context.payload.pull_request),
          { kind: "reopened" },
          context.payload.installation?.id,
        );
      }),
    );

    app.on(
      "check_suite.rerequested",
      once(async (context) => {
        // "Re-run all checks": the pull requests GitHub lists for the suite (none for forks,
        // whose checks are re-run one by one through check_run.rerequested), or the merge group.
        const ctx = await flowContext(context);
        const suite = context.payload.check_suite;
        const group = mergeGroupFrom(suite.head_branch ?? "");
        if (group && suite.pull_requests.length === 0) {
          await onMergeGroup(ctx, suite.head_sha, group, context.payload.installation?.id);
          return;
        }
        for (const listed of context.payload.check_suite.pull_requests) {
          const pr = await ctx.scm.getPullRequest(listed.number);
          if (pr.headSha !== context.payload.check_suite.head_sha) continue;
          await onPullRequest(ctx, pr, { kind: "reopened" }, context.payload.installation?.id);
        }
      }),
    );

    app.on(
      ["pull_request.labeled", "pull_request.unlabeled"],
      once(async (context) => {
        const label = context.payload.label?.name;
        if (!label) return;
        await onPullRequest(
          await flowContext(context),
          pullRequestFrom(context.payload.pull_request),
          {
            kind: context.payload.action,
            label,
            sender: context.payload.sender.login,
          },
          context.payload.installation?.id,
        );
      }),
    );

    app.on(
      ["workflow_run.requested", "workflow_run.in_progress", "workflow_run.completed"],
      once(async (context) => {
        const ctx = await flowContext(context);
        await onWorkflowRun(
          ctx,
          workflowRunFrom(context.payload.workflow_run, ctx.scm.repository),
          context.payload.installation?.id,
          context.payload.repository.default_branch,
        );
      }),
    );

    // Queued by the service for its own check runs found open at start-up (not a GitHub event).
    const stranded = once(async (context: Context) => {
      const payload = strandedCheckFrom(context.payload);
      if (payload) await onStrandedCheck(await flowContext(context), payload);
    });
    app.onAny(async (event) => {
      // Probot hands every listener its Context; onAny is typed with the bare event.
      if ((event.name as string) === STRANDED_CHECK_EVENT) await stranded(event as Context);
    });

    app.on(
      "merge_group.checks_requested",
      once(async (context) => {
        const group = context.payload.merge_group;
        const mergeGroup = mergeGroupFrom(group.head_ref, group.base_ref) ?? {
          // Not a queue branch GitHub has used so far: the payload still names both ends.
          headRef: group.head_ref.replace(/^refs\/heads\//, ""),
          baseRef: group.base_ref.replace(/^refs\/heads\//, ""),
        };
        await onMergeGroup(
          await flowContext(context),
          group.head_sha,
          mergeGroup,
          context.payload.installation?.id,
        );
      }),
    );

    app.on(
      "merge_group.destroyed",
      once(async (context) => {
        await onMergeGroupDestroyed(
          await flowContext(context),
          context.payload.merge_group.head_sha,
          context.payload.reason,
        );
      }),
    );

    app.on(
      "check_run.rerequested",
      once(async (context) => {
        const check = context.payload.check_run;
        if (check.name !== CHECK_NAME) return;
        const ctx = await flowContext(context);
        // Another app may name its check mlgate too; only our own are re-run here.
        if (check.app?.slug && check.app.slug !== (await appSlug())) return;
        await onCheckRerequested(
          ctx,
          {
            id: check.id,
            headSha: check.head_sha,
            status: "completed",
            conclusion: check.conclusion ?? undefined,
            externalId: check.external_id ?? undefined,
            url: check.html_url ?? undefined,
          },
          check.pull_requests.map((pr) => pr.number),
          context.payload.installation?.id,
          mergeGroupFrom(check.check_suite?.head_branch ?? ""),
        );
      }),
    );
  };
}
