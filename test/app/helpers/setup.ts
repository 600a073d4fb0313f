import nock from "nock";
import { afterEach, beforeEach } from "vitest";

/** Every app test: no real network, and no mock left behind. */
export function isolateNetwork(): void {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}

export { GRANDPARENT, MERGE_BASE, metricsZip, PARENT } from "./commits.js";

export const NEWER_HEAD = "d".repeat(40);
