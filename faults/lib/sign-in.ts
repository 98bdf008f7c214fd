// Signs in over HTTP as a browser does (next-auth's credentials flow): the CSRF token and its cookie,
// then the form post; the answer's cookies are the session a scenario sends with its tRPC calls.

/** `name=value` pairs of the Set-Cookie headers of a response. */
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
}

/** The Cookie header of a signed-in session on the server at `url`. */
export async function signIn(url: string, credentials: { email: string; password: string }): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const answer = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.join('; ') },
    body: new URLSearchParams({ ...credentials, csrfToken, callbackUrl: url, json: 'true' }),
  });
  const session = cookiesOf(answer).filter((c) => c.startsWith('next-auth.session-token'));
  if (session.length === 0) throw new Error(`sign-in as ${credentials.email} failed: ${answer.status}`);
  return [...jar, ...session].join('; ');
}
