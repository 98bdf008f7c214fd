'use client';

import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { Button } from '@/app/_components/form';
import { useHydrated } from '@/app/_components/use-hydrated';

interface Revealed {
  /** Closes the form and puts the focus back on the button that opened it. */
  close: () => void;
}

const RevealContext = createContext<Revealed | null>(null);

/** The form's way out, when it sits behind a <Reveal> (null when it is always shown). */
export function useRevealed(): Revealed | null {
  return useContext(RevealContext);
}

const FOCUSABLE =
  'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])';

/**
 * A form opened on demand: a button ("Add observable…") that, pressed, mounts its form in its place with
 * the focus on the first field. Cancel, Escape or a success (the form calls `close`) unmounts the form
 * and returns the focus to the button, so keyboard users stay where they were. Nothing is mounted while
 * closed: a page of sections reads as lists, not as a wall of empty forms.
 */
export function Reveal(props: {
  label: string;
  children: ReactNode;
  variant?: 'primary' | 'ghost';
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const hydrated = useHydrated();
  const button = useRef<HTMLButtonElement>(null);
  const region = useRef<HTMLDivElement>(null);
  // Focus moves only after the user opened or closed it (not on the first render).
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    if (open) region.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    else button.current?.focus();
  }, [open]);
  const toggle = (next: boolean) => {
    moved.current = true;
    setOpen(next);
  };
  return (
    <div className={props.className}>
      {open ? (
        <RevealContext.Provider value={{ close: () => toggle(false) }}>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape bubbling up from the form's fields */}
          <div
            ref={region}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                toggle(false);
              }
            }}
          >
            {props.children}
          </div>
        </RevealContext.Provider>
      ) : (
        <Button
          type="button"
          ref={button}
          variant={props.variant ?? 'ghost'}
          disabled={!hydrated}
          onClick={() => toggle(true)}
        >
          {props.label}
        </Button>
      )}
    </div>
  );
}
