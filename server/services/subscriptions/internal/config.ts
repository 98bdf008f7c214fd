// The subscription side's configuration, from the environment (documented in README). Read on every use,
// so a test may set a variable for one case.

type Env = Readonly<Record<string, string | undefined>>;

export interface MailConfig {
  /** nodemailer's connection URL, e.g. smtp://mail.example.com:587 or smtps://user:pass@host:465. */
  url: string;
  from: string;
}

/** The app's public base URL (links in messages are absolute), without a trailing slash. */
export function publicBaseUrl(env: Env = process.env): string {
  const base = env.NEXTAUTH_URL?.trim() || `http://localhost:${env.PORT ?? '3000'}`;
  return base.replace(/\/+$/, '');
}

/** SMTP for subscriber mail, or null when WATCHFLOOR_SMTP_URL is unset (e-mail subscriptions are off). */
export function mailConfig(env: Env = process.env): MailConfig | null {
  const url = env.WATCHFLOOR_SMTP_URL?.trim();
  if (!url) return null;
  const host = new URL(publicBaseUrl(env)).hostname;
  return { url, from: env.WATCHFLOOR_MAIL_FROM?.trim() || `Watchfloor status <status@${host}>` };
}

/**
 * WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS=1 lets webhooks reach loopback and private addresses (and plain
 * http://): for development and tests, never for a server that strangers can reach.
 */
export function privateWebhooksAllowed(env: Env = process.env): boolean {
  return env.WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS === '1';
}
