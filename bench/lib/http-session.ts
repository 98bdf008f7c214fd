// Signing in to the running production server over HTTP, as a browser does (next-auth's credentials
// flow: the CSRF token, then the form post), for the benchmarks that drive it as signed-in people.

/** `name=value` pairs of the Set-Cookie headers of a response, merged into `jar`. */
function absorbCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    if (at > 0) jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>) =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

/**
 * Signs `email` in and answers the Cookie header of the session. `address` is sent as X-Forwarded-For
 * (the server's per-address throttle key when it is served directly), so concurrent sign-ins can stand
 * for people behind different addresses.
 */
export async function signInOverHttp(
  url: string,
  email: string,
  password: string,
  address = '127.0.0.1',
): Promise<string> {
  const jar = new Map<string, string>();
  const headers = { 'X-Forwarded-For': address };
  const csrf = await fetch(`${url}/api/auth/csrf`, { headers });
  absorbCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...headers,
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: cookieHeader(jar),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }).toString(),
  });
  absorbCookies(jar, response);
  await response.arrayBuffer();
  if (![...jar.keys()].some((name) => name.endsWith('next-auth.session-token')))
    throw new Error(`sign-in of ${email} failed (HTTP ${response.status}, no session cookie)`);
  return cookieHeader(jar);
}

/** The GET URL of a tRPC query (no batching), its input in superjson's envelope. */
export function trpcQueryUrl(url: string, procedure: string, input: unknown): string {
  return `${url}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}
