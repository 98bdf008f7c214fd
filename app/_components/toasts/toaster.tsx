'use client';

import { CircleAlert, CircleCheck, X } from 'lucide-react';
import { createContext, useContext, useMemo, useState, useSyncExternalStore } from 'react';
import { createToastQueue, type ToastQueue, type ToastTone } from './toast-queue';

export interface Toasts {
  success: (message: string) => void;
  error: (message: string) => void;
}

const Context = createContext<ToastQueue | null>(null);

/** Shows a toast; outside a <Toaster> (nothing mounted to show it) a call does nothing. */
export function useToast(): Toasts {
  const queue = useContext(Context);
  return useMemo(
    () => ({
      success: (message: string) => queue?.show('success', message),
      error: (message: string) => queue?.show('error', message),
    }),
    [queue],
  );
}

const LOOK: Record<ToastTone, { Icon: typeof CircleCheck; className: string }> = {
  success: {
    Icon: CircleCheck,
    className: 'border-emerald-700 text-emerald-800 dark:border-emerald-500 dark:text-emerald-300',
  },
  error: {
    Icon: CircleAlert,
    className: 'border-red-700 text-red-800 dark:border-red-500 dark:text-red-300',
  },
};

const EMPTY: never[] = [];

/**
 * Results as toasts (forms report through app/_components/forms/use-server-form.tsx). The live region is
 * always in the page, empty when there is nothing to say, so screen readers announce what enters it
 * (politely: a result never interrupts). Each toast goes by itself (toast-queue.ts) or by its button, and
 * none goes while the pointer or the focus is on the toasts.
 */
export function Toaster({ children }: { children: React.ReactNode }) {
  const [queue] = useState(createToastQueue);
  const toasts = useSyncExternalStore(queue.subscribe, queue.list, () => EMPTY);
  return (
    <Context.Provider value={queue}>
      {children}
      <section
        aria-label="Messages"
        className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-full max-w-sm flex-col gap-2"
        onPointerEnter={queue.pause}
        onPointerLeave={queue.resume}
        onFocus={queue.pause}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) queue.resume();
        }}
      >
        <div role="status" aria-live="polite" className="flex flex-col gap-2">
          {toasts.map(({ id, tone, message }) => {
            const { Icon, className } = LOOK[tone];
            return (
              <div
                key={id}
                data-tone={tone}
                className={`pointer-events-auto flex items-start gap-2 rounded-md border-l-4 bg-white px-3 py-2 text-sm shadow-lg ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-700 ${className}`}
              >
                <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
                <span className="flex-1 text-zinc-900 dark:text-zinc-100">
                  {tone === 'error' && <span className="sr-only">Error: </span>}
                  {message}
                </span>
                <button
                  type="button"
                  onClick={() => queue.dismiss(id)}
                  className="rounded p-0.5 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
                >
                  <X aria-hidden className="size-4" />
                  <span className="sr-only">Dismiss</span>
                </button>
              </div>
            );
          })}
        </div>
      </section>
    </Context.Provider>
  );
}
