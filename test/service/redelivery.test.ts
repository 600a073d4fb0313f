import { expect, it } from "vitest";
import { apps, data, github, useAppFixtures } from "./app-fixtures.js";
import { AppProcess, until } from "./app-process.js";
import { botComments, concluded, runCompleted, seedPulls } from "./many-pulls.js";

useAppFixtures();

it("asks GitHub at start to redeliver what failed while the app was down, once", async () => {
  const [missed, answered] = seedPulls(github.gh, 2);
  if (!missed || !answered) throw new Error("no pulls");
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  // While the app was down: one delivery failed twice (the second a manual retry), one other
  // event mlgate does not act on failed, and one delivery got through.
  github.hookDeliveries.push(
    {
      id: 1,
      guid: "g-missed",
      delivered_at: at(30),
      status_code: 502,
      event: "workflow_run",
      redelivery: false,
    },
    {
      id: 2,
      guid: "g-push",
      delivered_at: at(25),
      status_code: 0,
      event: "push",
      redelivery: false,
    },
    {
      id: 3,
      guid: "g-answered",
      delivered_at: at(20),
      status_code: 202,
      event: "workflow_run",
      redelivery: false,
    },
    {
      id: 4,
      guid: "g-missed",
      delivered_at: at(10),
      status_code: 503,
      event: "workflow_run",
      redelivery: true,
    },
  );
  const payloads: Record<string, Record<string, unknown>> = {
    "g-missed": runCompleted(missed),
    "g-answered": runCompleted(answered),
  };
  let app: AppProcess | undefined;
  github.onRedeliver = async (row) => {
    // GitHub sends the delivery again, with its id.
    const payload = payloads[row.guid];
    // The app asks as soon as it listens, maybe before this test has read its port from the log.
    if (app && payload) await (await app.ready()).deliver(row.event, payload, row.guid);
  };
  app = new AppProcess({
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    MLGATE_DATA_DIR: data.dir,
    MLGATE_REDELIVER: "true",
  });
  apps.push(app);
  await app.ready();
  await until(() => botComments(github.gh, missed.number).length === 1, "the missed review");
  expect(concluded(github.gh, missed.headSha)).toBe("success");
  // The newest failed attempt is the one redelivered; nothing else is.
  expect(github.redeliveries).toEqual([4]);
  expect(botComments(github.gh, answered.number)).toHaveLength(0);
  expect(app.lines.join("\n")).toContain("asked GitHub to redeliver 1 delivery");
}, 120_000);
