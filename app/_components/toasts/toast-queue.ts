// The toasts' state, apart from React so it can be tested with fake timers: what is shown, and when each
// toast goes away by itself. Time comes in through `timers` and `now` (the browser's by default).

export type ToastTone = 'success' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

export interface ToastTimers {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
  now: () => number;
}

export interface ToastQueueOptions {
  timers?: ToastTimers;
  /** How long each tone stays, in ms: errors longer, as they ask for something to be done. */
  durations?: Record<ToastTone, number>;
  /** At most this many at once; a new one pushes the oldest out. */
  max?: number;
}

export const TOAST_DURATIONS: Record<ToastTone, number> = { success: 5_000, error: 10_000 };

const browserTimers: ToastTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

interface Entry {
  toast: Toast;
  /** Time left when paused, or until `endsAt` while running. */
  left: number;
  endsAt: number;
  handle: unknown;
}

export type ToastQueue = ReturnType<typeof createToastQueue>;

/**
 * Toasts in the order they came, each dismissed after its tone's duration, by `dismiss`, or when pushed
 * out. The same message shown again while it is still up is not repeated: its time starts over. `pause`
 * holds every timer (while the pointer or the focus is on the toasts, so nobody loses one being read) and
 * `resume` lets them run out the time they had left.
 */
export function createToastQueue(options: ToastQueueOptions = {}) {
  const timers = options.timers ?? browserTimers;
  const durations = options.durations ?? TOAST_DURATIONS;
  const max = options.max ?? 3;
  let entries: Entry[] = [];
  let snapshot: readonly Toast[] = [];
  let nextId = 1;
  let paused = false;
  const listeners = new Set<() => void>();

  const changed = () => {
    snapshot = entries.map((e) => e.toast);
    for (const listener of listeners) listener();
  };
  const start = (entry: Entry) => {
    entry.endsAt = timers.now() + entry.left;
    entry.handle = timers.set(() => dismiss(entry.toast.id), entry.left);
  };
  const stop = (entry: Entry) => {
    if (entry.handle === undefined) return;
    timers.clear(entry.handle);
    entry.handle = undefined;
    entry.left = Math.max(0, entry.endsAt - timers.now());
  };

  function dismiss(id: number) {
    const entry = entries.find((e) => e.toast.id === id);
    if (!entry) return;
    stop(entry);
    entries = entries.filter((e) => e !== entry);
    changed();
  }

  function show(tone: ToastTone, message: string): number {
    const same = entries.find((e) => e.toast.tone === tone && e.toast.message === message);
    if (same) {
      stop(same);
      same.left = durations[tone];
      if (!paused) start(same);
      return same.toast.id;
    }
    const entry: Entry = {
      toast: { id: nextId++, tone, message },
      left: durations[tone],
      endsAt: 0,
      handle: undefined,
    };
    entries = [...entries, entry];
    if (!paused) start(entry);
    while (entries.length > max) dismiss(entries[0]!.toast.id);
    changed();
    return entry.toast.id;
  }

  return {
    show,
    dismiss,
    pause() {
      paused = true;
      for (const entry of entries) stop(entry);
    },
    resume() {
      if (!paused) return;
      paused = false;
      for (const entry of entries) start(entry);
    },
    /** The same array until something changes (what React's useSyncExternalStore needs). */
    list: (): readonly Toast[] => snapshot,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
