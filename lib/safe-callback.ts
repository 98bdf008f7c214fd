/**
 * Where to go after sign-in: a path on our own origin, never another host.
 *
 * String checks ("starts with one slash") lose to the URL parser: browsers read `/\host`, `/<TAB>/host`
 * and `\\host` as `//host`. So the value is parsed exactly as the browser will, and kept only when it
 * resolves to `origin`. The result is a path (with query and fragment) whose leading slashes are
 * collapsed to one, because `/.//host` resolves on our origin to the path `//host`, which a later
 * navigation would read as another host.
 */
export function safeCallback(value: string | null | undefined, origin: string, fallback = '/'): string {
  if (!value) return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(value, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin || target.origin === 'null') return fallback;
  return `/${target.pathname.replace(/^\/+/, '')}${target.search}${target.hash}`;
}
