// Zod schemas for customer and service administration, shared by the tRPC router, the services and the
// admin forms. Slugs follow the database's own CHECKs (organisations_slug_format, services_slug_format).
import { z } from 'zod';
import { isKnownTimeZone } from '../../../workflows/sla/zone';
import { lineText, storableText } from '../kernel/schema-parts';

const SLUG_HINT = 'Lower-case letters, digits and hyphens, starting with a letter or digit';

/** A percentage of availability the contract promises: more than 0, at most 100, three decimals. */
const commitment = z
  .number('Enter a percentage, e.g. 99.9')
  .gt(0, 'More than 0 %')
  .max(100, 'At most 100 %')
  .multipleOf(0.001, 'At most three decimals');

export const organisationRefInput = z.object({ organisationId: z.uuid() });
export type OrganisationRefInput = z.input<typeof organisationRefInput>;

export const customerInput = z.object({
  /** Absent: a new customer organisation. */
  id: z.uuid().optional(),
  name: lineText().min(1, 'Name the customer').max(200),
  // Also the status page's address (/status/<slug>).
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, `2 to 63 characters: ${SLUG_HINT.toLowerCase()}`),
  timeZone: lineText()
    .min(1, 'Choose a time zone')
    .max(64)
    .refine(isKnownTimeZone, 'Not a known IANA time zone, e.g. Europe/Berlin')
    // Intl accepts any letter case ('europe/berlin'); store the zone's own spelling.
    .transform((zone) => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone),
  /** The contract's SLA policy; null for none (no SLA clocks on its tickets). */
  slaPolicyId: z.uuid('Choose an SLA policy').nullable(),
  availabilityCommitment: commitment,
  statusPagePublic: z.boolean(),
});
export type CustomerInput = z.input<typeof customerInput>;

export const serviceInput = z.object({
  /** Absent: a new service of the organisation. */
  id: z.uuid().optional(),
  organisationId: z.uuid(),
  name: lineText().min(1, 'Name the service').max(200),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, `1 to 63 characters: ${SLUG_HINT.toLowerCase()}`),
  description: storableText().max(2000).default(''),
  /** The status page's group heading; blank for none. */
  groupName: lineText()
    .max(100)
    .transform((g) => g || null)
    .nullable()
    .default(null),
  availabilityCommitment: commitment,
});
export type ServiceInput = z.input<typeof serviceInput>;

export const serviceRefInput = z.object({ serviceId: z.uuid() });
export type ServiceRefInput = z.input<typeof serviceRefInput>;
