'use client';

import { useSearchParams } from 'next/navigation';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useHydrated } from '@/app/_components/use-hydrated';

export interface WorkspaceTab {
  /** The `?tab=` value: links and reloads open this tab. */
  id: string;
  label: string;
  /** A count beside the label (observables, open tasks…); none when undefined. */
  count?: number;
  panel: ReactNode;
}

/** Arrow keys wrap around; Home and End go to the ends (WAI-ARIA APG tabs). */
const MOVES: Record<string, (index: number, length: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * Puts `?tab=` in the address bar past the Next.js router. Telling the router (a plain
 * history.replaceState) restores its tree as rendered for the old query, and the next router.refresh()
 * (every save, every live update) then finds the tree stale and reloads the whole page (Next 16.4),
 * losing focus and half-typed forms. So the router's own history state is kept (`__NA`: it treats the
 * entry as its own) and the router never learns of the tab; it writes its URL back on each refresh, and
 * this runs again after that render. Without the router's state (not hydrated yet) nothing is written.
 */
function keepTabInUrl(tab: string) {
  const state = window.history.state as { __NA?: boolean } | null;
  if (!state?.__NA) return;
  const url = new URL(window.location.href);
  if (url.searchParams.get('tab') === tab) return;
  url.searchParams.set('tab', tab);
  window.history.replaceState(state, '', url);
}

/**
 * The WAI-ARIA tabs pattern with automatic activation: one tab stop (the selected tab), arrows move and
 * select. The selection is kept in the URL (`?tab=`, replaced, not pushed: switching tabs is not a
 * navigation to go back through), so a link or a reload opens the same tab; an unknown value opens the
 * first. Every panel is rendered and the others hidden, so a half-filled form survives a tab switch.
 */
export function WorkspaceTabs({ label, tabs }: { label: string; tabs: readonly WorkspaceTab[] }) {
  const requested = useSearchParams().get('tab');
  // A tab chosen here wins over the URL's, until the URL's own changes (a link to another tab).
  const [choice, setChoice] = useState<{ tab: string; over: string | null } | null>(null);
  const chosen = choice?.over === requested ? choice.tab : null;
  const select = (tab: string) => setChoice({ tab, over: requested });
  const selected = [chosen, requested].find((id) => tabs.some((t) => t.id === id)) ?? tabs[0]?.id;
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const hydrated = useHydrated();
  // After every render, not only on a change: a refresh re-renders this and the router rewrites the URL.
  useEffect(() => {
    if (chosen && selected) keepTabInUrl(selected);
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const move = MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    const index = tabs.findIndex((t) => t.id === selected);
    const target = tabs[move(index, tabs.length)]!;
    select(target.id);
    buttons.current.get(target.id)?.focus();
  };

  return (
    <div>
      <div
        role="tablist"
        aria-label={label}
        onKeyDown={onKeyDown}
        className="flex flex-wrap gap-x-1 border-b border-zinc-200 dark:border-zinc-800"
      >
        {tabs.map((tab) => {
          const active = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                if (element) buttons.current.set(tab.id, element);
                else buttons.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`ws-tab-${tab.id}`}
              aria-selected={active}
              aria-controls={`ws-panel-${tab.id}`}
              tabIndex={active ? 0 : -1}
              disabled={!hydrated}
              onClick={() => select(tab.id)}
              className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
                active
                  ? 'border-sky-700 text-sky-800 dark:border-sky-400 dark:text-sky-300'
                  : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
              }`}
            >
              {tab.label}
              {tab.count !== undefined && (
                <span className="ml-1.5 rounded-full bg-zinc-100 px-1.5 text-xs tabular-nums text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                  {tab.count}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`ws-panel-${tab.id}`}
          aria-labelledby={`ws-tab-${tab.id}`}
          hidden={tab.id !== selected}
          // The panel itself takes Tab next when it starts with text, as the APG recommends.
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab panel is a focus stop in the APG pattern
          tabIndex={0}
        >
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
