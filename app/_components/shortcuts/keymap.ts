// The console's keyboard shortcuts as data: which key means which command, and when a key is not a
// shortcut at all. Pure (no DOM, no React): the listener in keyboard-shortcuts.tsx describes the key event
// and carries out what this returns. Tested in keymap.test.ts.

export type ShortcutCommand = 'help' | 'search' | 'next' | 'previous' | 'open' | 'acknowledge' | 'comment';

/** What the key went to: a text control (typing), another control (a link, a button), or the page. */
export type KeyTarget = 'typing' | 'control' | 'page';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: KeyTarget;
  /** The key went to an open dialog (the page behind it is inert: nothing of it may be driven). */
  inDialog: boolean;
}

/** The list `?` shows, in that order; `keys` are what the person presses. */
export const SHORTCUTS: readonly { keys: readonly string[]; does: string; command?: ShortcutCommand }[] = [
  { keys: ['?'], does: 'Show the keyboard shortcuts', command: 'help' },
  { keys: ['/'], does: 'Search tickets', command: 'search' },
  { keys: ['j'], does: 'Next ticket in a queue', command: 'next' },
  { keys: ['k'], does: 'Previous ticket in a queue', command: 'previous' },
  { keys: ['Enter'], does: 'Open the selected ticket', command: 'open' },
  { keys: ['a'], does: 'Acknowledge the ticket (on its page, when allowed)', command: 'acknowledge' },
  { keys: ['c'], does: 'Write a note on the ticket (on its page)', command: 'comment' },
  { keys: ['Esc'], does: 'Close this list' },
];

const BY_KEY = new Map(
  SHORTCUTS.filter((s) => s.command && s.keys[0] !== 'Enter').map((s) => [s.keys[0]!, s.command!]),
);

/**
 * The command a key press means, or null when it is none: keys held with Ctrl, Alt or Meta belong to the
 * browser and the system, keys typed into a text control are text, and keys in a dialog are the dialog's.
 * Shift is allowed (`?` needs it on most layouts), so `J` is not `j`. Enter is only "open" when it went
 * to the page itself: on a link or a button the browser's own Enter already does the right thing.
 */
export function commandFor(press: KeyPress): ShortcutCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.inDialog || press.target === 'typing') return null;
  if (press.key === 'Enter') return press.target === 'page' ? 'open' : null;
  return BY_KEY.get(press.key) ?? null;
}

const TEXT_INPUTS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const CONTROLS = new Set(['A', 'BUTTON', 'SUMMARY', 'DETAILS']);

/** Classifies an element by the little `commandFor` needs (tag name and contenteditable). */
export function keyTargetOf(element: { tagName: string; isContentEditable?: boolean } | null): KeyTarget {
  if (!element) return 'page';
  if (element.isContentEditable || TEXT_INPUTS.has(element.tagName.toUpperCase())) return 'typing';
  return CONTROLS.has(element.tagName.toUpperCase()) ? 'control' : 'page';
}

/**
 * The row j/k moves to among `count` rows from `current` (-1: none selected yet). The first press selects
 * the first row whichever way it goes; the ends stop rather than wrap (a wrap jumps across a long queue).
 */
export function movedIndex(current: number, count: number, command: 'next' | 'previous'): number {
  if (count === 0) return -1;
  if (current < 0 || current >= count) return 0;
  return command === 'next' ? Math.min(current + 1, count - 1) : Math.max(current - 1, 0);
}
