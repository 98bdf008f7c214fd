import { originOf } from './origin';

/**
 * The app's public origin for absolute links (feeds, Statuspage shortlinks): NEXTAUTH_URL when set — the
 * one configured truth, so a forged Host header can never put another origin into a cached document —
 * else the request's own origin, else localhost for scripts.
 */
export function publicBaseUrl(requestUrl?: string, env: { NEXTAUTH_URL?: string } = process.env): string {
  const configured = originOf(env.NEXTAUTH_URL);
  if (configured) return configured;
  return originOf(requestUrl) ?? 'http://localhost:3000';
}
