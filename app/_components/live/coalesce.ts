/**
 * Runs `run` once for a flurry of calls: `waitMs` after the last one, but no later than `maxWaitMs` after
 * the first, so a steady stream of changes still refreshes the page now and then instead of never.
 */
export function coalescer(run: () => void, waitMs: number, maxWaitMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let first: number | undefined;
  const fire = () => {
    timer = undefined;
    first = undefined;
    run();
  };
  return {
    call(now = Date.now()) {
      first ??= now;
      clearTimeout(timer);
      timer = setTimeout(fire, Math.max(0, Math.min(waitMs, first + maxWaitMs - now)));
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      first = undefined;
    },
  };
}
