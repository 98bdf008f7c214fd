// Where the SLA admin pages live: the lists (/admin/sla), and one page per business calendar, SLA policy
// and escalation policy (/admin/sla/<slug>/<id>; `new` as the id creates one).
export const SLA_ADMIN = '/admin/sla';

export const SLA_ADMIN_SECTIONS = {
  calendars: { slug: 'calendars', title: 'Business calendars', one: 'calendar' },
  policies: { slug: 'policies', title: 'SLA policies', one: 'SLA policy' },
  escalationPolicies: { slug: 'escalation-policies', title: 'Escalation policies', one: 'escalation policy' },
} as const;
export type SlaAdminSection = keyof typeof SLA_ADMIN_SECTIONS;

export const detailPath = (section: SlaAdminSection, id: string) =>
  `${SLA_ADMIN}/${SLA_ADMIN_SECTIONS[section].slug}/${id}`;

/** The section a URL segment names (`escalation-policies`), or undefined. */
export const sectionOfSlug = (slug: string): SlaAdminSection | undefined =>
  (Object.keys(SLA_ADMIN_SECTIONS) as SlaAdminSection[]).find((s) => SLA_ADMIN_SECTIONS[s].slug === slug);

/** The query a detail page is opened with right after its item was created (it then says so). */
export const CREATED_QUERY = 'created';
