import NextAuth, { getServerSession, type NextAuthOptions } from 'next-auth';

/**
 * next-auth's real request handling, driven through its Node (pages-router) entry point: the App Router
 * entry reads next/headers, which only exists inside a Next.js request. Same core, same callbacks, same
 * providers; only the request and response objects are plain ones.
 */
export interface AuthResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: unknown;
  /** Cookies set by the response, by name. */
  cookies: Record<string, string>;
}

export async function callAuth(
  options: NextAuthOptions,
  request: {
    action: string[];
    method?: 'GET' | 'POST';
    body?: Record<string, string>;
    cookies?: Record<string, string>;
    headers?: Record<string, string>;
  },
): Promise<AuthResponse> {
  const headers: Record<string, string | string[]> = {};
  let status = 200;
  let body: unknown;
  const res = {
    status(code: number) {
      status = code;
      return res;
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
    setHeader(name: string, value: string | string[]) {
      headers[name.toLowerCase()] = value;
      return res;
    },
    json(value: unknown) {
      body = value;
      return res;
    },
    send(value: unknown) {
      body = value;
      return res;
    },
    end() {
      return res;
    },
  };
  const req = {
    method: request.method ?? 'GET',
    query: { nextauth: request.action },
    body: request.body ?? {},
    cookies: request.cookies ?? {},
    headers: { host: 'localhost:3000', ...request.headers },
  };
  await NextAuth(req as never, res as never, options);
  const setCookies = headers['set-cookie'] ?? [];
  const cookies: Record<string, string> = {};
  for (const line of Array.isArray(setCookies) ? setCookies : [setCookies]) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    cookies[pair.slice(0, eq)] = decodeURIComponent(pair.slice(eq + 1));
  }
  return { status, headers, body, cookies };
}

/** A credentials sign-in as next-auth's client makes it: fetch a CSRF token, then post the form as JSON flow. */
export async function postCredentials(
  options: NextAuthOptions,
  credentials: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<AuthResponse> {
  const csrf = await callAuth(options, { action: ['csrf'] });
  const token = (csrf.body as { csrfToken: string }).csrfToken;
  return callAuth(options, {
    action: ['callback', 'credentials'],
    method: 'POST',
    body: { ...credentials, csrfToken: token, callbackUrl: '/', json: 'true' },
    cookies: csrf.cookies,
    headers,
  });
}

/** The session next-auth derives from a session cookie, through the same getServerSession the app uses. */
export function sessionFrom(options: NextAuthOptions, cookies: Record<string, string>) {
  const res = { getHeader() {}, setCookie() {}, setHeader() {} };
  return getServerSession({ headers: {}, cookies } as never, res as never, options);
}

export const SESSION_COOKIE = 'next-auth.session-token';
