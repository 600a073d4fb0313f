import nock from "nock";
import { afterEach, beforeEach } from "vitest";
import { makeZip } from "../../helpers/make-zip.js";

/** Every app test: no real network, and no mock left behind. */
export function isolateNetwork(): void {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}

/** An artifact zip holding one metrics.json. */
export function metricsZip(metrics: Record<string, number>): Buffer {
  return makeZip([{ name: "metrics.json", data: JSON.stringify(metrics) }]);
}

export const MERGE_BASE = "a".repeat(40);
export const PARENT = "b".repeat(40);
export const GRANDPARENT = "c".repeat(40);
export const NEWER_HEAD = "d".repeat(40);
