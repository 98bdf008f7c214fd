'use client';

import { Keyboard } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { commandFor, keyTargetOf, movedIndex, SHORTCUTS, type ShortcutCommand } from './keymap';

// Pages offer what shortcuts drive by data attributes, so this module needs to know no page:
// `data-shortcut="search"` (the header's search box), `"comment"` (a ticket's composer), `"acknowledge"`
// (its Acknowledge button, present only when allowed) and `"queue"` (a queue; its rows are `tr[data-ticket]`).
const target = <E extends HTMLElement>(name: string) =>
  document.querySelector<E>(`[data-shortcut="${name}"]`);

/** The queue's rows, and which one j/k selected (kept on the row: a live refresh keeps keyed rows). */
function queueRows() {
  return [...document.querySelectorAll<HTMLTableRowElement>('[data-shortcut="queue"] tr[data-ticket]')];
}

function moveInQueue(command: 'next' | 'previous'): boolean {
  const rows = queueRows();
  if (rows.length === 0) return false;
  const focused = document.activeElement?.closest('tr[data-ticket]');
  const current = rows.findIndex((row) => row === focused || (!focused && row.dataset.selected === 'true'));
  const row = rows[movedIndex(current, rows.length, command)]!;
  for (const other of rows) if (other !== row) delete other.dataset.selected;
  row.dataset.selected = 'true';
  // The row's link takes the focus: the focus ring shows where we are and Enter opens it natively.
  row.querySelector<HTMLAnchorElement>('a[href]')?.focus();
  row.scrollIntoView({ block: 'nearest' });
  return true;
}

/** Carries a command out on this page; false when the page has nothing for it (the key then stays a key). */
function perform(command: ShortcutCommand, openHelp: () => void): boolean {
  switch (command) {
    case 'help':
      openHelp();
      return true;
    case 'search': {
      const box = target<HTMLInputElement>('search');
      box?.focus();
      box?.select();
      return !!box;
    }
    case 'comment': {
      const composer = target<HTMLTextAreaElement>('comment');
      composer?.focus();
      return !!composer;
    }
    case 'acknowledge': {
      const button = target<HTMLButtonElement>('acknowledge');
      if (!button || button.disabled) return false;
      button.click();
      return true;
    }
    case 'next':
    case 'previous':
      return moveInQueue(command);
    case 'open': {
      const link = document.querySelector<HTMLAnchorElement>(
        '[data-shortcut="queue"] tr[data-selected="true"] a[href]',
      );
      link?.click();
      return !!link;
    }
  }
}

/**
 * The console's keyboard shortcuts: one listener for the whole console (keymap.ts says what a key means)
 * and the list `?` opens, a modal <dialog> (the browser keeps the focus inside and closes it on Esc), also
 * reachable from a header button for those who do not know the key.
 */
export function KeyboardShortcuts() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const openHelp = () => {
      if (!dialog.current?.open) dialog.current?.showModal();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const element = event.target instanceof HTMLElement ? event.target : null;
      const command = commandFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: keyTargetOf(element),
        inDialog: !!element?.closest('dialog'),
      });
      if (command && perform(command, openHelp)) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        aria-keyshortcuts="?"
        onClick={() => dialog.current?.showModal()}
        className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <Keyboard aria-hidden className="size-4" />
        <span className="sr-only md:not-sr-only">Keyboard shortcuts</span>
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="shortcuts-title"
        className="m-auto w-full max-w-md rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id="shortcuts-title" className="mb-3 text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map(({ keys, does }) => (
            <div key={keys.join()} className="contents">
              <dt>
                {keys.map((key) => (
                  <kbd
                    key={key}
                    className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800"
                  >
                    {key}
                  </kbd>
                ))}
              </dt>
              <dd>{does}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-muted">Shortcuts do nothing while you type in a field.</p>
        <form method="dialog" className="mt-4 flex justify-end">
          <button
            type="submit"
            className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
          >
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
