// Zod schemas of the status-page subscription verbs, shared by the subscriptions router, the services and
// the subscribe form. Drizzle-free: client components import this file.
import { z } from 'zod';
import { SUBSCRIBER_CHANNELS } from '../../../workflows/status/constants';
import { lineText } from '../kernel/schema-parts';

/** Longest subscription target (the database's check allows 2000 characters). */
export const SUBSCRIBER_TARGET_MAX = 2_000;
/** A page has far fewer components; more ids than this is not a visitor's choice. */
export const SUBSCRIBER_COMPONENTS_MAX = 200;

const PAGE_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const email = z.email();

/** The problem with a webhook URL the schema can see without the network (null: none). */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter the full URL, starting with https://';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Enter an https:// URL';
  // Credentials in the URL would be stored and logged with it; endpoints that need them put a secret in
  // the path instead.
  if (url.username || url.password) return 'Leave the user name and password out of the URL';
  return null;
}

export const subscribeInput = z
  .object({
    slug: z.string().trim().regex(PAGE_SLUG, 'Unknown status page'),
    channel: z.enum(SUBSCRIBER_CHANNELS, 'Choose e-mail or webhook'),
    target: lineText()
      .min(1, 'Enter an e-mail address or a webhook URL')
      .max(SUBSCRIBER_TARGET_MAX, 'Keep it under 2,000 characters'),
    /** None: the whole page. */
    serviceIds: z
      .array(z.uuid('Unknown component'))
      .max(SUBSCRIBER_COMPONENTS_MAX, 'Choose fewer components')
      .default([]),
  })
  .superRefine((value, ctx) => {
    const problem =
      value.channel === 'email'
        ? email.safeParse(value.target).success
          ? null
          : 'Enter an e-mail address such as ana@example.com'
        : webhookUrlProblem(value.target);
    if (problem) ctx.addIssue({ code: 'custom', path: ['target'], message: problem });
  });
export type SubscribeInput = z.input<typeof subscribeInput>;

/** A token from a confirm or unsubscribe link; anything unknown answers NOT_FOUND, malformed or not. */
export const subscriptionTokenInput = z.object({
  token: z
    .string('This link is not valid')
    .trim()
    .min(1, 'This link is not valid')
    .max(200, 'This link is not valid'),
});
export type SubscriptionTokenInput = z.input<typeof subscriptionTokenInput>;
