import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import { type MailConfig, mailConfig, privateWebhooksAllowed } from './config';
import type { MailMessage } from './messages';
import { hostOf, PrivateAddressError, publicAddresses } from './webhook-guard';

/** How long a webhook may take to answer (connect, send, response head). */
export const WEBHOOK_TIMEOUT_MS = 5_000;

/** Sends one message or throws (the sweep records the error and retries later). */
export interface DeliveryTransport {
  /** Absent when no SMTP server is configured: e-mail messages then wait in the outbox. */
  mail?: (message: MailMessage) => Promise<void>;
  webhook: (url: string, body: string, headers: Record<string, string>) => Promise<void>;
}

/** Why a webhook attempt failed, for the metrics: the answer's status class, or why there was none. */
export type WebhookFailure = '3xx' | '4xx' | '5xx' | 'timeout' | 'network' | 'refused';

/** A failure whose message is safe to store: it names what went wrong, never a URL, address or token. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly failure: WebhookFailure = 'network',
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Mail through nodemailer's SMTP transport, with timeouts so a stuck server cannot hold a batch. */
export function smtpMailer(config: MailConfig): NonNullable<DeliveryTransport['mail']> {
  // The SMTP transport itself, not createTransport(url, …): given a URL, that ignores every other option
  // (its second argument is message defaults), and the timeouts must hold.
  const transporter = nodemailer.createTransport(
    new SMTPTransport({
      url: config.url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    }),
  );
  return async (message) => {
    await transporter.sendMail({
      from: config.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers: message.headers,
    });
  };
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * The connection's own name lookup, checked: the address connected to is the one verified as public (a
 * name re-pointed at 127.0.0.1 since subscribing is refused here, not just at subscribe time).
 */
function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback) {
  publicAddresses(hostname).then(
    (addresses) =>
      options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family),
    (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ''),
  );
}

/**
 * POSTs JSON with node:http(s) through the SSRF guard, and answers the HTTP status of whatever answer came
 * (the caller decides what counts as delivered). Redirects are not followed (a 3xx is just a status, so a
 * redirect cannot lead to an internal address); no answer within WEBHOOK_TIMEOUT_MS, a refused address or
 * a network error is a DeliveryError. Shared by the subscriber webhooks and the outbound webhooks (#14).
 */
export function postGuardedJson(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; userAgent?: string },
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      reject(new DeliveryError('Refused: the webhook URL is not a URL', 'refused'));
      return;
    }
    const secure = url.protocol === 'https:';
    if (!secure && !(options.allowPrivate && url.protocol === 'http:')) {
      reject(new DeliveryError('Refused: the webhook URL is not https', 'refused'));
      return;
    }
    const literal = hostOf(url);
    const start = () => {
      const request = (secure ? https : http).request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': options.userAgent ?? 'Watchfloor-Status/1',
          ...headers,
        },
        timeout: WEBHOOK_TIMEOUT_MS,
        ...(options.allowPrivate ? {} : { lookup: guardedLookup as never }),
      });
      const timer = setTimeout(
        () => request.destroy(new DeliveryError('No answer within 5 s', 'timeout')),
        WEBHOOK_TIMEOUT_MS,
      );
      request.on('timeout', () => request.destroy(new DeliveryError('No answer within 5 s', 'timeout')));
      request.on('response', (response) => {
        clearTimeout(timer);
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(describeNetworkError(error));
      });
      request.end(body);
    };
    // A literal IP is connected to without any lookup: check it here.
    if (!options.allowPrivate && isIP(literal))
      publicAddresses(literal).then(start, (error) => reject(describeNetworkError(error)));
    else start();
  });
}

/** A subscriber webhook: delivered on a 2xx, anything else is an error (the sweep retries). */
export function webhookPoster(options: { allowPrivate: boolean }): DeliveryTransport['webhook'] {
  return async (target, body, headers) => {
    const status = await postGuardedJson(target, body, headers, options);
    if (status < 200 || status >= 300)
      throw new DeliveryError(
        `The webhook answered HTTP ${status}`,
        status >= 500 ? '5xx' : status >= 400 ? '4xx' : status >= 300 ? '3xx' : 'network',
      );
  };
}

function describeNetworkError(error: NodeJS.ErrnoException): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof PrivateAddressError)
    return new DeliveryError('Refused: the webhook host is not a public address', 'refused');
  // The code only (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…): messages may carry the host or URL.
  return new DeliveryError(`The webhook could not be reached (${error.code ?? error.name})`);
}

/** The transport of a running server: SMTP from WATCHFLOOR_SMTP_URL (if set), webhooks always. */
export function transportFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): DeliveryTransport {
  const mail = mailConfig(env);
  return {
    ...(mail && { mail: smtpMailer(mail) }),
    webhook: webhookPoster({ allowPrivate: privateWebhooksAllowed(env) }),
  };
}
