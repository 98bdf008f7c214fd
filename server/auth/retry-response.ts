import { parseRetryError } from '../../lib/sign-in-errors';

/**
 * next-auth answers every refused credentials sign-in with 401 and the provider's error code in a URL
 * (`{ url: '…/error?error=TooManyAttempts%3A540' }` for the JSON flow the sign-in form uses). A throttled
 * one becomes what it is: 429 with Retry-After, the body unchanged so next-auth's client still reads it.
 */
export async function withRetryAfter(response: Response): Promise<Response> {
  if (response.status !== 401) return response;
  if (!response.headers.get('content-type')?.includes('application/json')) return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { url?: unknown } | null;
  if (typeof body?.url !== 'string') return response;
  const retry = parseRetryError(
    URL.canParse(body.url, 'http://x') ? new URL(body.url, 'http://x').searchParams.get('error') : null,
  );
  if (!retry) return response;
  const headers = new Headers(response.headers);
  headers.set('Retry-After', String(retry.retryAfterSeconds));
  return new Response(JSON.stringify(body), { status: 429, headers });
}
