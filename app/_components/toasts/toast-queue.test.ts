import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createToastQueue, TOAST_DURATIONS } from './toast-queue';

// Fake timers (Date included): the queue's default timers are the browser's, so this also proves the wiring.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const messages = (queue: ReturnType<typeof createToastQueue>) => queue.list().map((t) => t.message);

describe('createToastQueue', () => {
  it('shows toasts in order and dismisses each after its tone’s duration', () => {
    const queue = createToastQueue();
    queue.show('success', 'Saved.');
    queue.show('error', 'The ticket changed meanwhile.');
    expect(queue.list()).toEqual([
      { id: 1, tone: 'success', message: 'Saved.' },
      { id: 2, tone: 'error', message: 'The ticket changed meanwhile.' },
    ]);
    vi.advanceTimersByTime(TOAST_DURATIONS.success - 1);
    expect(messages(queue)).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(messages(queue)).toEqual(['The ticket changed meanwhile.']);
    vi.advanceTimersByTime(TOAST_DURATIONS.error - TOAST_DURATIONS.success);
    expect(queue.list()).toEqual([]);
  });

  it('dismisses on request, and its timer then finds nothing to do', () => {
    const queue = createToastQueue();
    const id = queue.show('success', 'Saved.');
    queue.dismiss(id);
    expect(queue.list()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps at most `max`, pushing the oldest out', () => {
    const queue = createToastQueue({ max: 2 });
    for (const message of ['one', 'two', 'three']) queue.show('success', message);
    expect(messages(queue)).toEqual(['two', 'three']);
    expect(vi.getTimerCount()).toBe(2);
  });

  it('does not repeat a message still shown: its time starts over', () => {
    const queue = createToastQueue({ durations: { success: 1_000, error: 1_000 } });
    const first = queue.show('error', 'Try again.');
    vi.advanceTimersByTime(800);
    expect(queue.show('error', 'Try again.')).toBe(first);
    vi.advanceTimersByTime(800);
    expect(messages(queue)).toEqual(['Try again.']);
    vi.advanceTimersByTime(200);
    expect(queue.list()).toEqual([]);
  });

  it('holds every timer while paused and runs out only the time left after', () => {
    const queue = createToastQueue({ durations: { success: 1_000, error: 1_000 } });
    queue.show('success', 'Saved.');
    vi.advanceTimersByTime(600);
    queue.pause();
    queue.show('success', 'Posted.');
    vi.advanceTimersByTime(60_000);
    expect(messages(queue)).toEqual(['Saved.', 'Posted.']);
    queue.resume();
    vi.advanceTimersByTime(399);
    expect(messages(queue)).toEqual(['Saved.', 'Posted.']);
    vi.advanceTimersByTime(1);
    expect(messages(queue)).toEqual(['Posted.']);
    vi.advanceTimersByTime(600);
    expect(queue.list()).toEqual([]);
  });

  it('tells subscribers of each change and keeps the same snapshot between changes', () => {
    const queue = createToastQueue();
    const seen = vi.fn();
    const unsubscribe = queue.subscribe(seen);
    const before = queue.list();
    expect(queue.list()).toBe(before);
    queue.show('success', 'Saved.');
    expect(seen).toHaveBeenCalledTimes(1);
    expect(queue.list()).not.toBe(before);
    unsubscribe();
    vi.runAllTimers();
    expect(seen).toHaveBeenCalledTimes(1);
  });
});
