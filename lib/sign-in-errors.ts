// Shared by the credentials provider (which throws these as next-auth error codes), the auth route (which
// answers them with 429 and Retry-After) and the sign-in form (which shows them). No server imports: the
// form is a client component.

export type RetryErrorKind = 'throttled' | 'busy';

const PREFIX: Record<RetryErrorKind, string> = { throttled: 'TooManyAttempts', busy: 'SignInBusy' };

/** The error code for a refused sign-in, e.g. `TooManyAttempts:540`. */
export function retryErrorCode(kind: RetryErrorKind, retryAfterSeconds: number): string {
  return `${PREFIX[kind]}:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

export function parseRetryError(
  code: string | null | undefined,
): { kind: RetryErrorKind; retryAfterSeconds: number } | null {
  const match = /^(TooManyAttempts|SignInBusy):(\d{1,6})$/.exec(code ?? '');
  if (!match) return null;
  return {
    kind: match[1] === PREFIX.busy ? 'busy' : 'throttled',
    retryAfterSeconds: Number(match[2]),
  };
}

export function retryErrorMessage(error: { kind: RetryErrorKind; retryAfterSeconds: number }): string {
  if (error.kind === 'busy') return 'Too many sign-ins right now; try again in a few seconds.';
  const minutes = Math.ceil(error.retryAfterSeconds / 60);
  return `Too many attempts; try again in ${minutes} min.`;
}
