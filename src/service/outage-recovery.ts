/** What the recovery needs: a write to the store, and what to do once it works again. */
export interface OutageRecoveryOptions {
  /** A write to the job store; throws while the store is unavailable. */
  readonly probe: () => Promise<void>;
  /** Runs once the store takes writes again, with when the first delivery was refused. */
  readonly recovered: (since: number) => Promise<void>;
  readonly intervalMs?: number | undefined;
  readonly now?: (() => number) | undefined;
}

/** The running recovery. */
export interface OutageRecovery {
  /** A delivery was answered 503 because the store was unavailable. */
  refused(): void;
  stop(): void;
}

/**
 * Notices the job store coming back after deliveries were refused (answered 503): GitHub
 * records those as failed and never sends them again by itself, and the start-up redelivery only
 * runs at the next start. From the first refusal, the store is probed with a write every
 * `intervalMs` (default 5 s); once one succeeds, `recovered` runs once with the time of that
 * first refusal, and the next refusal starts a new watch.
 */
export function watchForOutages(options: OutageRecoveryOptions): OutageRecovery {
  const intervalMs = options.intervalMs ?? 5000;
  const now = options.now ?? Date.now;
  let since: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  // A probe is waiting or running: refusals meanwhile only keep the earliest time.
  let watching = false;
  let stopped = false;

  const probe = async () => {
    timer = undefined;
    if (stopped) return;
    try {
      await options.probe();
    } catch {
      if (!stopped) timer = setTimeout(probe, intervalMs).unref();
      return;
    }
    const from = since ?? now();
    since = undefined;
    watching = false;
    await options.recovered(from).catch(() => {});
  };

  return {
    refused() {
      if (stopped) return;
      since ??= now();
      if (watching) return;
      watching = true;
      timer = setTimeout(probe, intervalMs).unref();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
