/** A webhook delivery whose signature was verified: what a job stores and a worker replays. */
export interface Delivery {
  /** `X-GitHub-Delivery`: GitHub's id, the same on a redelivery. */
  readonly id: string;
  /** `X-GitHub-Event`. */
  readonly name: string;
  /** The parsed JSON body. */
  readonly payload: Record<string, unknown>;
}
