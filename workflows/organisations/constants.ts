// Drizzle-free so client components can import it.
export const ORGANISATION_KINDS = ['operator', 'customer'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
