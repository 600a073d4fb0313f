import type { RouteAnswer } from "./create-service-server.js";
import type { ServiceConfig } from "./service-config.js";

/** What the intake thread is started with. */
export interface IntakeThreadData {
  readonly config: Pick<
    ServiceConfig,
    | "webhookSecret"
    | "port"
    | "host"
    | "webhookPath"
    | "dataDir"
    | "redisUrl"
    | "redisPrefix"
    | "intakeWarmup"
  >;
  /** How long after listening the warm-up's Redis keys are swept (default a minute). */
  readonly sweepAfterMs?: number | undefined;
  /** How long a route other than the webhook's may take the workers (default 10 s). */
  readonly routeTimeoutMs?: number | undefined;
}

/** What the intake thread tells the service. */
export type IntakeEvent =
  /**
   * It listens, after warming its path for `warmupMs`; `threadId` is its kernel thread id (Linux),
   * so the rest of the process can be scheduled below it.
   */
  | {
      readonly kind: "listening";
      readonly port: number;
      readonly warmupMs: number;
      readonly threadId?: number | undefined;
    }
  /** It could not start (the port is taken, the store cannot be opened). */
  | { readonly kind: "failed"; readonly message: string }
  /** A delivery was answered: what became of it (`queued`: workers may take it), how long it took. */
  | { readonly kind: "answered"; readonly result: string; readonly seconds: number }
  | {
      readonly kind: "log";
      readonly level: "warn" | "error";
      readonly fields: Record<string, unknown>;
      readonly message: string;
    }
  /** A request for another route, for the service to answer. */
  | { readonly kind: "route"; readonly id: number; readonly method: string; readonly path: string }
  | { readonly kind: "drained" };

/** What the service tells the intake thread. */
export type IntakeCommand =
  | { readonly kind: "route"; readonly id: number; readonly answer: RouteAnswer }
  /** Stop taking connections; answer deliveries on open ones 503. */
  | { readonly kind: "drain" }
  /** Close every connection and the store, then end. */
  | { readonly kind: "close" };
