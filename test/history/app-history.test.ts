import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config/parse-config.js";
import { ArtifactError, GitHubError } from "../../src/core/errors.js";
import type { FileSource } from "../../src/evidence/file-source.js";
import {
  backfillHistory,
  type HistorySource,
  recordRun,
} from "../../src/history/backfill-history.js";
import { historyFromRuns } from "../../src/history/history-from-runs.js";
import { HistoryRecords } from "../../src/history/history-records.js";
import { MemoryRecordStore } from "../../src/history/memory-record-store.js";
import type { PushRun } from "../../src/scm/scm.js";

function zipOf(values: Record<string, number>): FileSource {
  const content = Buffer.from(JSON.stringify(values));
  return {
    label: "artifact",
    list: async () => ["metrics.json"],
    open: async () => Readable.from([content]),
    read: async () => content,
    close: async () => {},
  };
}

/** 30 push runs a day apart; every fifth one's artifact has expired. */
function github(): HistorySource & { opened: number[]; listings: number } {
  const runs: PushRun[] = Array.from({ length: 30 }, (_, i) => ({
    id: 1000 + i,
    runNumber: 10 + i,
    headSha: i.toString(16).padStart(40, "a"),
    createdAt: new Date(Date.UTC(2026, 9, 1 + i)).toISOString(),
  }));
  const fake = {
    opened: [] as number[],
    listings: 0,
    listPushRuns: async (_w: string, _b: string, limit: number) => {
      fake.listings++;
      return runs.slice(-limit).reverse();
    },
    openArtifact: async (runId: number) => {
      fake.opened.push(runId);
      if (runId % 5 === 0) throw new ArtifactError("the artifact has expired");
      return zipOf({ accuracy: 0.9 + (runId % 7) / 1000, "train.loss": Number.NaN });
    },
  };
  return fake;
}

const config = parseConfig("{}").config;
if (!config) throw new Error("config");
const scope = { repository: "Octo/Model", workflow: "train.yml", branch: "main" };

describe("the recorded history of the base branch", () => {
  it("backfills the last N runs once, records expired ones as such, and never reads a run twice", async () => {
    const store = new MemoryRecordStore();
    const records = new HistoryRecords(store);
    const source = github();
    const job = { source, records, scope, artifact: "eval-results", metrics: config.metrics };
    const first = await backfillHistory(job, 20, new Date("2026-11-01T00:00:00Z"));
    expect(first).toEqual({ listed: 20, read: 16, missing: 4, known: 0 });
    expect(source.opened).toHaveLength(20);
    expect(await records.backfilled({ ...scope, repository: "octo/model" })).toEqual({
      at: "2026-11-01T00:00:00.000Z",
      runs: 20,
    });
    const runs = await records.runs(scope);
    expect(runs.map((r) => r.runId)).toEqual(Array.from({ length: 20 }, (_, i) => 1010 + i));
    expect(runs[1]).toMatchObject({ runNumber: 21, values: { accuracy: 0.9 + (1011 % 7) / 1000 } });
    // NaN is not a value the history can use.
    expect(runs[1]?.values).not.toHaveProperty("train.loss");
    expect(runs.find((r) => r.runId === 1010)?.missing).toBe("the artifact has expired");

    // A later push run is recorded on its own; a second backfill lists, reads nothing new.
    await recordRun(job, {
      id: 1030,
      runNumber: 40,
      headSha: "f".repeat(40),
      createdAt: "2026-11-02T00:00:00Z",
    });
    source.opened.length = 0;
    const again = await backfillHistory(job, 20, new Date("2026-11-03T00:00:00Z"));
    expect(again).toEqual({ listed: 20, read: 0, missing: 0, known: 20 });
    expect(source.opened).toEqual([]);
    expect((await records.runs(scope)).at(-1)?.runId).toBe(1030);
  });

  it("records nothing for a GitHub failure, so the next review tries again", async () => {
    const records = new HistoryRecords(new MemoryRecordStore());
    const source: HistorySource = {
      listPushRuns: async () => [
        { id: 7, runNumber: 7, headSha: "a".repeat(40), createdAt: "2026-10-01T00:00:00Z" },
      ],
      openArtifact: async () => {
        throw new GitHubError("GitHub answered 502", { endpoint: "GET /zip", status: 502 });
      },
    };
    const job = { source, records, scope, artifact: "eval-results", metrics: config.metrics };
    await expect(backfillHistory(job, 20, new Date())).rejects.toThrow("502");
    expect(await records.runs(scope)).toEqual([]);
    expect(await records.backfilled(scope)).toBeUndefined();
  });

  it("gives the review the last N runs up to the baseline run, naming the ones left out", async () => {
    const records = new HistoryRecords(new MemoryRecordStore());
    const job = {
      source: github(),
      records,
      scope,
      artifact: "eval-results",
      metrics: config.metrics,
    };
    await backfillHistory(job, 30, new Date());
    const all = await records.runs(scope);
    const history = historyFromRuns(all, {
      runs: 10,
      baselineRunId: 1024,
      source: "runs of train.yml on main",
    });
    // Runs 1015..1024: 1015 and 1020 expired.
    expect(history.points.map((p) => p.label)).toEqual(
      [26, 27, 28, 29, 31, 32, 33, 34].map((n) => `run #${n}`),
    );
    expect(history.skipped).toEqual([
      "run #25: the artifact has expired",
      "run #30: the artifact has expired",
    ]);
    expect(historyFromRuns(all, { runs: 5, source: "x" }).points.at(-1)?.label).toBe("run #39");
  });
});
