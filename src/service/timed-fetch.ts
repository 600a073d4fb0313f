/**
 * A `fetch` whose timeout starts when the request really leaves: Octokit calls it after the
 * request has waited its turn in the rate-limit queue, so time spent queued behind this app's own
 * throttling never counts as GitHub being slow.
 */
export function timedFetch(timeoutMs: number, base: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}
