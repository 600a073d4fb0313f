import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { createNodeMiddleware, Probot } from "probot";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApp } from "../../src/app/app.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { pullRequestPayload } from "./helpers/payloads.js";
import { TestOctokit, testPrivateKey } from "./helpers/test-probot.js";

const SECRET = "webhook-s3cret";
let server: Server;
let url: string;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1"));
  const probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey(),
    secret: SECRET,
    Octokit: TestOctokit,
    logLevel: "fatal",
  });
  // Probot's own middleware, in a real HTTP server on an ephemeral port.
  const middleware = await createNodeMiddleware(createApp({ appSlug: "mlgate" }), { probot });
  server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  nock.cleanAll();
  nock.enableNetConnect();
});

const body = JSON.stringify(pullRequestPayload("opened"));
const sign = (text: string, secret = SECRET) =>
  `sha256=${createHmac("sha256", secret).update(text).digest("hex")}`;

async function post(headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": crypto.randomUUID(),
      ...headers,
    },
  });
  await response.text();
  return response.status;
}

test("a webhook signed with the wrong secret is rejected and no handler runs", async () => {
  const gh = new GitHubMock();
  expect(await post({ "x-hub-signature-256": sign(body, "not-the-secret") })).toBe(400);
  expect(gh.count).toBe(0);
});

test("a webhook whose body was changed after signing is rejected", async () => {
  const gh = new GitHubMock();
  expect(await post({ "x-hub-signature-256": sign(`${body} `) })).toBe(400);
  expect(gh.count).toBe(0);
});

test("a webhook without a signature is rejected", async () => {
  const gh = new GitHubMock();
  expect(await post({})).toBe(400);
  expect(gh.count).toBe(0);
});

test("a correctly signed webhook reaches the app", async () => {
  const gh = new GitHubMock().config(null);
  expect(await post({ "x-hub-signature-256": sign(body) })).toBe(200);
  expect(gh.count).toBe(1);
});
