import { describe, expect, it } from 'vitest';
import { commandFor, type KeyPress, keyTargetOf, movedIndex, SHORTCUTS } from './keymap';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: 'page',
  inDialog: false,
  ...more,
});

describe('commandFor', () => {
  it.each([
    ['?', 'help'],
    ['/', 'search'],
    ['j', 'next'],
    ['k', 'previous'],
    ['a', 'acknowledge'],
    ['c', 'comment'],
    ['Enter', 'open'],
  ] as const)('maps %s on the page to %s', (key, command) => {
    expect(commandFor(press(key))).toBe(command);
  });

  it('ignores keys nobody bound, and capitals (Shift+j is not j)', () => {
    for (const key of ['x', 'J', 'A', 'C', 'Escape', 'ArrowDown', ' '])
      expect(commandFor(press(key))).toBeNull();
  });

  it('ignores every shortcut held with Ctrl, Alt or Meta (the browser and the system own those)', () => {
    for (const { keys } of SHORTCUTS)
      for (const modifier of ['ctrlKey', 'metaKey', 'altKey'] as const)
        expect(commandFor(press(keys[0]!, { [modifier]: true }))).toBeNull();
  });

  it('ignores every shortcut typed into a text control or pressed inside a dialog', () => {
    for (const { keys } of SHORTCUTS) {
      expect(commandFor(press(keys[0]!, { target: 'typing' }))).toBeNull();
      expect(commandFor(press(keys[0]!, { inDialog: true }))).toBeNull();
    }
  });

  it('leaves Enter on a link or button to the browser, but takes letters there', () => {
    expect(commandFor(press('Enter', { target: 'control' }))).toBeNull();
    expect(commandFor(press('j', { target: 'control' }))).toBe('next');
  });
});

describe('keyTargetOf', () => {
  it('tells text controls, other controls and the page apart', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT', 'input'])
      expect(keyTargetOf({ tagName })).toBe('typing');
    expect(keyTargetOf({ tagName: 'DIV', isContentEditable: true })).toBe('typing');
    for (const tagName of ['A', 'BUTTON', 'SUMMARY']) expect(keyTargetOf({ tagName })).toBe('control');
    for (const tagName of ['BODY', 'MAIN', 'TD']) expect(keyTargetOf({ tagName })).toBe('page');
    expect(keyTargetOf(null)).toBe('page');
  });
});

describe('movedIndex', () => {
  it('selects the first row on the first press, either way', () => {
    expect(movedIndex(-1, 5, 'next')).toBe(0);
    expect(movedIndex(-1, 5, 'previous')).toBe(0);
  });
  it('moves one row and stops at the ends', () => {
    expect(movedIndex(0, 5, 'next')).toBe(1);
    expect(movedIndex(1, 5, 'previous')).toBe(0);
    expect(movedIndex(4, 5, 'next')).toBe(4);
    expect(movedIndex(0, 5, 'previous')).toBe(0);
  });
  it('starts over when the selected row is gone (the queue refreshed shorter), and has nothing to move in an empty queue', () => {
    expect(movedIndex(7, 3, 'next')).toBe(0);
    expect(movedIndex(-1, 0, 'next')).toBe(-1);
  });
});
