import { connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { apps, data, github, useAppFixtures } from "./app-fixtures.js";
import { AppProcess, sleep, until } from "./app-process.js";
import { REDIS_URL, redisPrefix } from "./backends.js";
import { artifactDownload, botComments, concluded, runCompleted, seedPulls } from "./many-pulls.js";

useAppFixtures();

it("refuses deliveries while its store takes no writes, and has GitHub send them again once it does", async () => {
  const [pull] = seedPulls(github.gh, 1);
  if (!pull) throw new Error("no pull");
  const app = new AppProcess({
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    MLGATE_DATA_DIR: data.dir,
    MLGATE_REDELIVER: "true",
    MLGATE_REDRIVE_CHECKS: "false",
  });
  apps.push(app);
  await app.ready();
  // The start-up redelivery has looked (and found nothing): only the outage's can send it again.
  await until(() => github.hookDeliveryListings > 0, "the start-up redelivery's look", 30_000);
  github.onRedeliver = async (row) => {
    // GitHub sends the delivery again, with its id.
    if (row.guid === "g-refused") await app.deliver(row.event, runCompleted(pull), row.guid);
  };

  // Another process holds the database's write lock, past the store's patience.
  const db = new Database(join(data.dir, "mlgate.db"));
  db.exec("BEGIN EXCLUSIVE");
  let released = false;
  try {
    const refused = await app.deliver("workflow_run", runCompleted(pull), "g-refused");
    // Within GitHub's 10 s, so GitHub records a failed delivery rather than a timeout.
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(10_000);
    github.hookDeliveries.push({
      id: 41,
      guid: "g-refused",
      delivered_at: new Date().toISOString(),
      status_code: 503,
      event: "workflow_run",
      redelivery: false,
    });
    expect(botComments(github.gh, pull.number)).toHaveLength(0);
    // Held past the workers' busy timeout as well: their look for jobs fails too, and the
    // service carries on rather than ending on the error.
    await sleep(3000);
    db.exec("COMMIT");
    released = true;
  } finally {
    if (!released) db.exec("ROLLBACK");
    db.close();
  }

  await until(() => botComments(github.gh, pull.number).length === 1, "the refused review", 60_000);
  await until(() => concluded(github.gh, pull.headSha) !== undefined, "its check", 30_000);
  expect(concluded(github.gh, pull.headSha)).toBe("success");
  expect(github.redeliveries).toEqual([41]);
  const log = app.lines.join("\n");
  expect(log).toContain("could not queue a delivery");
  expect(log).toContain("the job queue cannot use its store; retrying");
  expect(log).toContain("the job queue uses its store again");
  expect(log).toContain("the job store takes writes again");
  expect(log).toContain(
    "asked GitHub to redeliver 1 delivery(ies) that failed while the app could not store them",
  );
}, 120_000);

/** A TCP relay to the test Redis that can be cut (connections dropped, new ones refused). */
async function redisRelay(): Promise<{
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        const address = server?.address();
        if (address && typeof address === "object") port = address.port;
        resolve();
      });
    });
  const cut = async () => {
    await new Promise<void>((resolve) => {
      server?.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  };
  await listen();
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}

it("on Redis: answers 503 within GitHub's 10 s while Redis is away, and reviews the delivery once when it is back", async () => {
  const [pull] = seedPulls(github.gh, 1);
  if (!pull) throw new Error("no pull");
  const relay = await redisRelay();
  const redis = redisPrefix();
  try {
    const app = new AppProcess({
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      MLGATE_DATA_DIR: data.dir,
      REDIS_URL: relay.url,
      MLGATE_REDIS_PREFIX: redis.prefix,
      MLGATE_REDELIVER: "true",
      MLGATE_REDRIVE_CHECKS: "false",
    });
    apps.push(app);
    await app.ready();
    github.onRedeliver = async (row) => {
      if (row.guid === "g-away") await app.deliver(row.event, runCompleted(pull), row.guid);
    };

    await relay.cut();
    const refused = await app.deliver("workflow_run", runCompleted(pull), "g-away");
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(10_000);
    github.hookDeliveries.push({
      id: 42,
      guid: "g-away",
      delivered_at: new Date().toISOString(),
      status_code: 503,
      event: "workflow_run",
      redelivery: false,
    });
    await relay.restore();

    await until(() => botComments(github.gh, pull.number).length === 1, "the review", 60_000);
    await until(() => concluded(github.gh, pull.headSha) !== undefined, "its check", 30_000);
    await until(
      () => app.lines.some((l) => l.includes("the job store takes writes again")),
      "the store's return noticed",
      30_000,
    );
    expect(concluded(github.gh, pull.headSha)).toBe("success");
    // The refused delivery was stored once Redis answered, or redelivered: reviewed once either way.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(botComments(github.gh, pull.number)).toHaveLength(1);
    expect(github.gh.count(artifactDownload(pull))).toBe(1);
    // The outage is in the JSON log, a line now and then, not a stack per reconnect on stderr.
    expect(app.lines.filter((l) => !l.startsWith("{"))).toEqual([]);
    const warnings = app.lines.filter((l) => l.includes("Redis connection error, reconnecting"));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(4);
  } finally {
    await relay.close();
    await redis.clear();
  }
}, 120_000);
