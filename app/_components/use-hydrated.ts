import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * False in the server's HTML and while React hydrates it; true once this component runs in the browser.
 * Controls that work only with JavaScript (a button that opens a form, a tab) stay disabled until then, so
 * a click on a page that is still loading is never silently swallowed.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
