import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Reader } from '../../../db/client';
import { organisations, services } from '../../../db/schema';
import { mailConfig } from './internal/config';

export interface SubscribeOptions {
  page: { slug: string; name: string };
  /** False when no SMTP server is configured: only webhooks can subscribe. */
  emailAvailable: boolean;
  components: { id: string; name: string; groupName: string | null }[];
}

/**
 * What the subscribe form offers on a public page (anonymous): its components, and whether e-mail is on.
 * Null for an unknown or non-public page.
 */
export async function subscribeOptions(db: Reader, slug: string): Promise<SubscribeOptions | null> {
  const [page] = await db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.slug, slug), eq(organisations.statusPagePublic, true)));
  if (!page) return null;
  const components = await db
    .select({ id: services.id, name: services.name, groupName: services.groupName })
    .from(services)
    .where(and(eq(services.organisationId, page.id), isNull(services.retiredAt)))
    .orderBy(asc(services.position), asc(services.name));
  return { page: { slug: page.slug, name: page.name }, emailAvailable: mailConfig() !== null, components };
}
