import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, isMlgateError } from "../core/errors.js";
import { sanitizeText } from "../core/render/escape.js";
import { renderComment } from "../core/render/render-comment.js";
import { renderJson } from "../core/render/render-json.js";
import type { Scm } from "../scm/scm.js";
import { type ActionContext, readActionContext } from "./action-context.js";
import { readActionInputs } from "./action-inputs.js";
import { buildActionReview } from "./build-action-review.js";
import { createActionScm } from "./create-action-scm.js";
import { mergeGroupSummary } from "./merge-group-summary.js";
import { publishError } from "./publish-error.js";
import { publishHint } from "./publish-hint.js";
import { publishActionReview } from "./publish-review.js";
import { readActionConfig } from "./read-action-config.js";
import { type ReviewTarget, resolveTarget } from "./resolve-target.js";
import { RunnerIo } from "./runner-io.js";
import { errorReport, writeReport } from "./write-report.js";

/** Where a run gets its environment and sends its log; a runner's by default. */
export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly cwd?: string | undefined;
  readonly write?: ((text: string) => void) | undefined;
}

/**
 * The Action: reviews this run's results, writes the review to the job summary, posts the
 * check run and sticky comment when the token may, and sets the outputs `passed`, `report-path`
 * (always, an error report when no review could be made) and `comment-url`.
 *
 * @returns the exit code: 1 when a gate failed (and `fail-on-gate`) or the review was impossible
 */
export async function run(options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const io = new RunnerIo(env, options.write ?? ((text) => void process.stdout.write(text)));
  const log = (line: string) => io.info(line);
  let where: FailureTarget | undefined;
  try {
    const inputs = readActionInputs(io);
    const ctx = readActionContext(env, options.cwd ?? process.cwd());
    const scm = createActionScm(ctx, inputs, log);
    const target = await resolveTarget(ctx, scm);
    where = { scm, target, ctx, check: inputs.check };
    const configured = await readActionConfig(ctx, inputs, scm, log);
    io.info(`mlgate: ${inputs.config} read from ${configured.from}`);

    const run = target.run;
    if (run && run.conclusion !== "success") {
      const message = `${run.workflowName || "The training workflow"} run #${run.runNumber} ended with ${run.conclusion ?? "no conclusion"}, so there are no results to review.`;
      io.appendSummary(`### mlgate\n\n${message}\n`);
      if (inputs.check) await publishError(scm, target, message, run.url);
      io.warning(message);
      setOutputs(io, false, await writeReport(ctx.tempDir, errorReport([message])), "");
      return 0;
    }
    if (run && target.pullRequests.length === 0) {
      io.info(
        `mlgate: ${run.url} belongs to no open pull request of ${ctx.repository}; the review goes to the job summary only`,
      );
    }

    const plan = await buildActionReview(ctx, inputs, scm, configured, target, log);
    const { review } = plan;
    const published = await publishActionReview(scm, inputs, target, plan);

    const dir = join(ctx.tempDir, "mlgate");
    const reportPath = await writeReport(ctx.tempDir, renderJson(review));

    const footer: string[] = [];
    if (published.commentError) {
      footer.push(`> **Not posted on the pull request:** ${sanitizeText(published.commentError)}`);
      io.warning(`mlgate: ${published.commentError}`);
    }
    if (published.denied && target.mergeGroup) {
      footer.push(
        `> **No \`mlgate\` check run on the merge group:** ${sanitizeText(published.denied)}. This step's result still carries the verdict; give the job \`checks: write\` if \`mlgate\` is a required check.`,
      );
      io.warning(`mlgate: no check run on the merge group: ${published.denied}`);
    } else if (published.denied) {
      footer.push(
        `> **Not posted on the pull request:** ${sanitizeText(published.denied)}. The step's log says how to publish from a \`workflow_run\` workflow.`,
      );
      io.notice(`mlgate: ${published.denied}; the review is in the job summary only.`);
      io.info(publishHint(ctx.workflowName, ctx.actionRef));
    }
    if (inputs.dryRun) {
      footer.push(`> Dry run: nothing was sent to GitHub; what would be posted is in \`${dir}\`.`);
    }
    const group = target.mergeGroup && mergeGroupSummary(target.mergeGroup, review);
    if (group?.warning) io.warning(group.warning, { title: "mlgate: change gates not evaluated" });
    const summary = [group?.markdown, renderComment(review).trimEnd(), ...footer]
      .filter((part) => part !== undefined)
      .join("\n\n");
    if (!io.appendSummary(`${summary}\n`)) io.info(summary);

    const passed = review.verdict !== "failed";
    setOutputs(io, passed, reportPath, published.commentUrl ?? "");
    io.info(`mlgate: ${review.verdict}: ${review.headline}`);
    if (!passed && inputs.failOnGate) {
      io.error(`mlgate: ${review.headline}`, { title: "mlgate: a gate failed" });
      return 1;
    }
    return 0;
  } catch (error) {
    return fail(io, error, where, env.RUNNER_TEMP || tmpdir());
  }
}

/** Where a failure is reported besides the log, once the run knows its pull requests. */
interface FailureTarget {
  readonly scm: Scm;
  readonly target: ReviewTarget;
  readonly ctx: ActionContext;
  readonly check: boolean;
}

function setOutputs(io: RunnerIo, passed: boolean, reportPath: string, commentUrl: string): void {
  io.setOutput("passed", String(passed));
  io.setOutput("report-path", reportPath);
  io.setOutput("comment-url", commentUrl);
}

/** Reports a run that could not review: the log, the summary and, when possible, the check. */
async function fail(
  io: RunnerIo,
  error: unknown,
  where: FailureTarget | undefined,
  tempDir: string,
): Promise<number> {
  const known = isMlgateError(error);
  const lines = known
    ? error instanceof ConfigError
      ? error.problems.map((p) => (error.where ? `${error.where}: ${p}` : p))
      : [error.toUserMessage()]
    : [`internal error: ${error instanceof Error ? error.message : String(error)}`];
  io.error(`mlgate: ${lines.join("\n")}`, { title: "mlgate could not review" });
  if (!known && error instanceof Error && error.stack) io.info(error.stack);
  // Text from files and artifacts: kept from closing the code block or pinging anyone.
  const block = [
    "```text",
    ...lines.slice(0, 100).map((l) => sanitizeText(l, 500).replace(/`{3,}/g, "'''")),
    "```",
  ].join("\n");
  io.appendSummary(`### ❌ mlgate could not review\n\n${block}\n`);
  const report = await writeReport(where?.ctx.tempDir ?? tempDir, errorReport(lines)).catch(
    (writeFailure: unknown) => {
      io.warning(`mlgate: could not write the report: ${String(writeFailure)}`);
      return "";
    },
  );
  setOutputs(io, false, report, "");
  if (where?.check) {
    try {
      await publishError(where.scm, where.target, block, where.target.run?.url ?? where.ctx.runUrl);
    } catch (publishFailure) {
      io.warning(
        `mlgate: could not conclude the check run: ${publishFailure instanceof Error ? publishFailure.message : String(publishFailure)}`,
      );
    }
  }
  return 1;
}
