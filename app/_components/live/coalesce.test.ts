import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescer } from './coalesce';

describe('coalescing page refreshes', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once, 300 ms after the last of a flurry of changes', () => {
    const run = vi.fn();
    const refresh = coalescer(run, 300, 1_000);
    refresh.call();
    vi.advanceTimersByTime(200);
    refresh.call();
    vi.advanceTimersByTime(299);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('under a steady stream of changes still runs within the longest wait, then starts over', () => {
    const run = vi.fn();
    const refresh = coalescer(run, 300, 1_000);
    for (let t = 0; t < 1_000; t += 100) {
      refresh.call();
      vi.advanceTimersByTime(100);
    }
    expect(run).toHaveBeenCalledTimes(1);
    refresh.call();
    vi.advanceTimersByTime(300);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('cancel drops a pending run', () => {
    const run = vi.fn();
    const refresh = coalescer(run, 300, 1_000);
    refresh.call();
    refresh.cancel();
    vi.advanceTimersByTime(5_000);
    expect(run).not.toHaveBeenCalled();
  });
});
