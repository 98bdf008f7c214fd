import { z } from 'zod';
import { COMPONENT_STATUSES } from './constants';
import { INCIDENT_STATUSES, INDICATORS, MAINTENANCE_STATUSES, type statuspageDocuments } from './statuspage';

// Statuspage's documented public shapes (the test of statuspage.ts checks every document against them; the
// OpenAPI document is built from them) (developer.statuspage.io, "Status API"), strict: a renamed,
// missing or extra field fails, as it would in a consumer written against Statuspage.
const isoTime = z.iso.datetime({ offset: true });
export const statuspagePage = z.strictObject({
  id: z.string(),
  name: z.string(),
  url: z.url(),
  time_zone: z.string(),
  updated_at: isoTime,
});
export const statuspageStatus = z.strictObject({ indicator: z.enum(INDICATORS), description: z.string() });
export const statuspageComponent = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: z.enum(COMPONENT_STATUSES),
  created_at: isoTime,
  updated_at: isoTime,
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  components: z.array(z.string()).optional(),
});
const incidentFields = (statuses: readonly [string, ...string[]]) => ({
  id: z.string(),
  name: z.string(),
  status: z.enum(statuses),
  created_at: isoTime,
  updated_at: isoTime,
  monitoring_at: isoTime.nullable(),
  resolved_at: isoTime.nullable(),
  impact: z.enum(INDICATORS),
  shortlink: z.url(),
  started_at: isoTime,
  page_id: z.string(),
  incident_updates: z.array(
    z.strictObject({
      id: z.string(),
      status: z.enum(statuses),
      body: z.string(),
      incident_id: z.string(),
      created_at: isoTime,
      updated_at: isoTime,
      display_at: isoTime,
      affected_components: z.array(
        z.strictObject({
          code: z.string(),
          name: z.string(),
          old_status: z.enum(COMPONENT_STATUSES),
          new_status: z.enum(COMPONENT_STATUSES),
        }),
      ),
      deliver_notifications: z.boolean(),
      custom_tweet: z.string().nullable(),
      tweet_id: z.string().nullable(),
    }),
  ),
  components: z.array(statuspageComponent),
});
export const statuspageIncident = z.strictObject(incidentFields(INCIDENT_STATUSES));
export const statuspageMaintenance = z.strictObject({
  ...incidentFields(MAINTENANCE_STATUSES),
  scheduled_for: isoTime,
  scheduled_until: isoTime,
});
export const STATUSPAGE_SHAPES = {
  'summary.json': z.strictObject({
    page: statuspagePage,
    components: z.array(statuspageComponent),
    incidents: z.array(statuspageIncident),
    scheduled_maintenances: z.array(statuspageMaintenance),
    status: statuspageStatus,
  }),
  'status.json': z.strictObject({ page: statuspagePage, status: statuspageStatus }),
  'components.json': z.strictObject({ page: statuspagePage, components: z.array(statuspageComponent) }),
  'incidents.json': z.strictObject({ page: statuspagePage, incidents: z.array(statuspageIncident) }),
  'incidents/unresolved.json': z.strictObject({
    page: statuspagePage,
    incidents: z.array(statuspageIncident),
  }),
  'scheduled-maintenances.json': z.strictObject({
    page: statuspagePage,
    scheduled_maintenances: z.array(statuspageMaintenance),
  }),
  'scheduled-maintenances/upcoming.json': z.strictObject({
    page: statuspagePage,
    scheduled_maintenances: z.array(statuspageMaintenance),
  }),
  'scheduled-maintenances/active.json': z.strictObject({
    page: statuspagePage,
    scheduled_maintenances: z.array(statuspageMaintenance),
  }),
} satisfies Record<keyof typeof statuspageDocuments, z.ZodType>;
