'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { type LucideIcon, Radio, RefreshCw, WifiOff } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/lib/trpc/client';
import type { LiveEvent } from '@/server/realtime/events';
import { coalescer } from './coalesce';
import { refreshesPage } from './relevance';

type Shown = 'connecting' | 'live' | 'reconnecting' | 'signed-out';

const LOOK: Record<Shown, { label: string; Icon: LucideIcon; icon: string }> = {
  connecting: { label: 'Connecting…', Icon: RefreshCw, icon: 'motion-safe:animate-spin' },
  live: { label: 'Live', Icon: Radio, icon: 'text-emerald-700 dark:text-emerald-400' },
  reconnecting: { label: 'Reconnecting…', Icon: RefreshCw, icon: 'motion-safe:animate-spin' },
  'signed-out': { label: 'Signed out: not live', Icon: WifiOff, icon: '' },
};

/** A failed stream is opened again after 1 s, 2 s, 4 s … at most 30 s (the browser's own reconnects aside). */
const retryDelay = (failures: number) => Math.min(30_000, 1_000 * 2 ** failures);

/**
 * Keeps the console's pages live: subscribes to ticket changes (server-sent events) and, when a change
 * concerns what the page shows, re-renders the page from the server (router.refresh: client state such as
 * a half-written comment survives) and refetches the page's client queries — coalesced, ~300 ms after the
 * last change. A hidden tab waits until it is seen again. Shows whether the page is live.
 */
export function LiveRefresh() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const [failures, setFailures] = useState(0);
  const everLive = useRef(false);
  /** Set when changes may have gone unseen (a stream that failed and was opened afresh, a hidden tab). */
  const stale = useRef(false);

  const refresh = useRef<ReturnType<typeof coalescer> | null>(null);
  useEffect(() => {
    const coalesced = coalescer(
      () => {
        if (document.visibilityState === 'hidden') {
          stale.current = true;
          return;
        }
        router.refresh();
        void queryClient.invalidateQueries();
      },
      300,
      1_000,
    );
    refresh.current = coalesced;
    const onVisible = () => {
      if (document.visibilityState === 'visible' && stale.current) {
        stale.current = false;
        coalesced.call();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      coalesced.cancel();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [router, queryClient]);

  const pathRef = useRef(pathname);
  pathRef.current = pathname;
  const subscription = useSubscription(
    trpc.live.ticketChanges.subscriptionOptions(undefined, {
      onData: ({ data }: { data: LiveEvent }) => {
        if (refreshesPage(pathRef.current, data)) refresh.current?.call();
      },
    }),
  );

  const { status, error, reset } = subscription;
  const signedOut = status === 'error' && error?.data?.code === 'UNAUTHORIZED';
  useEffect(() => {
    if (status === 'pending') {
      everLive.current = true;
      setFailures(0);
      // Opened afresh after a failure: what changed meanwhile was not replayed.
      if (stale.current) {
        stale.current = false;
        refresh.current?.call();
      }
      return;
    }
    // `idle`: the stream ended without an error (the server shut it): open it again like a failed one.
    if (status !== 'error' && status !== 'idle') return;
    stale.current = true;
    // A revoked session: the page re-renders, which sends a signed-out browser to the sign-in page.
    if (signedOut) router.refresh();
    const timer = setTimeout(() => {
      setFailures((n) => n + 1);
      reset();
    }, retryDelay(failures));
    return () => clearTimeout(timer);
  }, [status, signedOut, failures, reset, router]);

  const shown: Shown =
    status === 'pending'
      ? 'live'
      : signedOut
        ? 'signed-out'
        : everLive.current || status === 'error'
          ? 'reconnecting'
          : 'connecting';
  const { label, Icon, icon } = LOOK[shown];
  return (
    <p
      role="status"
      data-testid="live-status"
      data-state={shown}
      className="mb-2 flex items-center gap-1.5 text-xs text-muted"
    >
      <Icon aria-hidden="true" size={12} className={icon} />
      {label}
    </p>
  );
}
