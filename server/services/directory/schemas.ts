// Zod schemas for customer and service administration, shared by the tRPC router, the services and the
// admin forms. Slugs follow the database's own CHECKs (organisations_slug_format, services_slug_format).
import { z } from 'zod';
import { isKnownTimeZone } from '../../../workflows/sla/zone';
import { lineText, storableText } from '../kernel/schema-parts';

/** Paths beside the pages under /status/ (the subscription links): no page may take them as its slug. */
export const RESERVED_PAGE_SLUGS: ReadonlySet<string> = new Set(['subscriptions']);

const SLUG_HINT = 'Lower-case letters, digits and hyphens, starting with a letter or digit';

/** A percentage of availability the contract promises: more than 0, at most 100, three decimals. */
const commitment = z
  .number('Enter a percentage, e.g. 99.9')
  .gt(0, 'More than 0 %')
  .max(100, 'At most 100 %')
  .multipleOf(0.001, 'At most three decimals');

/** A share of time that counts as downtime: 0 to 1, three decimals (organisations.weight_*). */
const weight = z
  .number('Enter a weight from 0 to 1, e.g. 0.3')
  .min(0, 'At least 0')
  .max(1, 'At most 1')
  .multipleOf(0.001, 'At most three decimals');

/** The most tiers a contract's credit table may have (a real one has three or four). */
export const CREDIT_TIERS_MAX = 10;

/** One row of a contract's service-credit table: a month below `belowPercent` uptime earns `creditPercent`. */
export const creditTierInput = z.object({
  belowPercent: z
    .number('Enter an uptime percentage, e.g. 99.9')
    .gt(0, 'More than 0 %')
    .max(100, 'At most 100 %')
    .multipleOf(0.001, 'At most three decimals'),
  creditPercent: z
    .number('Enter the credit as a percentage of the fee, e.g. 10')
    .gt(0, 'More than 0 %')
    .max(100, 'At most 100 %')
    .multipleOf(0.01, 'At most two decimals'),
});
export type CreditTierInput = z.input<typeof creditTierInput>;

/** The table, each threshold once, stored and shown from the highest threshold down. */
const creditTierTable = z
  .array(creditTierInput)
  .max(CREDIT_TIERS_MAX, `At most ${CREDIT_TIERS_MAX} tiers`)
  .superRefine((tiers, ctx) => {
    tiers.forEach((tier, index) => {
      if (tiers.findIndex((t) => t.belowPercent === tier.belowPercent) < index)
        ctx.addIssue({
          code: 'custom',
          path: [index, 'belowPercent'],
          message: 'Each threshold once: this one is already in the table',
        });
    });
  })
  .transform((tiers) => [...tiers].sort((a, b) => b.belowPercent - a.belowPercent));

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
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, `2 to 63 characters: ${SLUG_HINT.toLowerCase()}`)
    .refine((slug) => !RESERVED_PAGE_SLUGS.has(slug), 'Taken by the status pages themselves: choose another'),
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
  /**
   * Share of the time in each status that counts as downtime (DESIGN §2.6). Absent: unchanged on an edit,
   * the defaults (1, 0.3, 0) for a new customer.
   */
  weightMajor: weight.optional(),
  weightPartial: weight.optional(),
  weightDegraded: weight.optional(),
  /** The service-credit table. Absent: unchanged on an edit, none for a new customer. */
  creditTiers: creditTierTable.optional(),
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
