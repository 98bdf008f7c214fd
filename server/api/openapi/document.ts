import { z } from 'zod';
import { REPORT_FILES } from '../../../workflows/reports/constants';
import { STATUSPAGE_SHAPES } from '../../../workflows/status/statuspage-shapes';
import { reportFilterInput } from '../../services/reports/schemas';
import {
  alertmanagerAccepted,
  alertmanagerWebhook,
  bearerRefused,
  changeEvent,
  changeEventAccepted,
  eventsV2Accepted,
  eventsV2Event,
  eventsV2Invalid,
  heartbeatAccepted,
} from './ingestion-shapes';

// The OpenAPI 3.1 document of every REST endpoint (the machine side: DESIGN §3), built from the zod
// schemas the code uses or is tested against, so it cannot drift quietly: reportFilterInput is the
// report routes' own parser, STATUSPAGE_SHAPES the shapes the Statuspage documents are tested against,
// ingestion-shapes.ts the ingestion contract checked against the shared fixtures. Pure: no I/O, no clock.
// The tRPC API (/api/trpc) and next-auth (/api/auth) are the console's own and not documented here.

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without the `$schema` key. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest as JsonSchema;
}

const json = (schema: z.ZodType, example?: unknown) => ({
  'application/json': { schema: jsonSchemaOf(schema), ...(example === undefined ? {} : { example }) },
});
const text = (description: string, type = 'text/plain') => ({
  description,
  content: { [type]: { schema: { type: 'string' } } },
});
const noStore = { 'Cache-Control': { description: '`no-store`', schema: { type: 'string' } } };
const requestIdHeader = {
  'X-Request-Id': {
    description:
      'The request id (the one sent, if it was 1–128 of `A-Za-z0-9._:-`); quote it in support requests.',
    schema: { type: 'string' },
  },
};

const slugParameter = {
  name: 'slug',
  in: 'path',
  required: true,
  description: "The organisation's status page (only pages made public answer; any other slug is a 404).",
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' },
  example: 'acme',
};
const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'An ETag from an earlier answer: 304 when nothing changed.',
  schema: { type: 'string' },
};
const publicCaching = {
  ETag: { description: 'Strong validator of the body', schema: { type: 'string' } },
  'Cache-Control': { description: '`public, max-age=30`', schema: { type: 'string' } },
  'Access-Control-Allow-Origin': { description: '`*`', schema: { type: 'string' } },
};
const notFoundJson = {
  description: 'No such public page (or document)',
  content: { 'application/json': { schema: jsonSchemaOf(z.object({ error: z.literal('Not found') })) } },
};
const retryAfter = {
  'Retry-After': { description: 'Seconds until the key may send again', schema: { type: 'integer' } },
};
const retryLater = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
};

/** The Statuspage-compatible documents under /status/{slug}/api/v2/, one path each. */
const STATUSPAGE_SUMMARIES: Record<keyof typeof STATUSPAGE_SHAPES, string> = {
  'summary.json':
    'Page, components, unresolved incidents, upcoming and active maintenance, and the indicator',
  'status.json': "The page's overall indicator",
  'components.json': 'Components and component groups with their current status',
  'incidents.json': 'The 50 most recent incidents, newest first, with their updates',
  'incidents/unresolved.json': 'Incidents not yet resolved',
  'scheduled-maintenances.json': 'Every listed maintenance window',
  'scheduled-maintenances/upcoming.json': 'Maintenance windows not yet started',
  'scheduled-maintenances/active.json': 'Maintenance windows in progress or verifying',
};

function statuspagePaths(): Record<string, Record<string, Operation>> {
  return Object.fromEntries(
    (Object.keys(STATUSPAGE_SHAPES) as (keyof typeof STATUSPAGE_SHAPES)[]).map((name) => [
      `/status/{slug}/api/v2/${name}`,
      {
        get: {
          tags: ['Status pages'],
          operationId: `statuspage_${name.replace(/\W+/g, '_').replace(/_json$/, '')}`,
          summary: STATUSPAGE_SUMMARIES[name],
          description:
            'Statuspage-compatible (the public Status API of an Atlassian Statuspage page): the same field names, enums and nulls. Built from published updates only.',
          security: [],
          parameters: [slugParameter, ifNoneMatch],
          responses: {
            '200': {
              description: 'The document',
              headers: publicCaching,
              content: json(STATUSPAGE_SHAPES[name]),
            },
            '304': { description: 'Not modified since the ETag given', headers: publicCaching },
            '404': notFoundJson,
          },
        },
      },
    ]),
  );
}

function feedPath(format: 'atom' | 'rss'): Record<string, Operation> {
  const type = format === 'atom' ? 'application/atom+xml' : 'application/rss+xml';
  return {
    get: {
      tags: ['Status pages'],
      operationId: `statuspage_history_${format}`,
      summary: `The page's incident and maintenance updates as ${format === 'atom' ? 'an Atom' : 'an RSS 2.0'} feed`,
      description: 'One entry per published update, newest first, at most 100.',
      security: [],
      parameters: [slugParameter, ifNoneMatch],
      responses: {
        '200': { ...text('The feed', type), headers: publicCaching },
        '304': { description: 'Not modified since the ETag given', headers: publicCaching },
        '404': notFoundJson,
      },
    },
  };
}

/** The report filter (the /reports page's query string) as query parameters, from its own parser. */
function reportFilterParameters(): Operation[] {
  const schema = jsonSchemaOf(reportFilterInput, 'input') as { properties?: Record<string, JsonSchema> };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: property,
  }));
}

const sessionOnly = [{ session: [] }];

const healthShape = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.object({
    reachable: z.boolean(),
    engine: z.enum(['pglite', 'postgres']).nullable(),
    migration: z.string().nullable().describe('The newest applied migration'),
    error: z.string().optional().describe('The first line of the connection error'),
  }),
});

const ingestionErrors = (invalid: Operation, refusal: z.ZodType = eventsV2Invalid) => ({
  '400': invalid,
  '401': { description: 'Unknown or revoked key', content: json(refusal) },
  '403': { description: 'The key belongs to another kind of integration', content: json(refusal) },
  '413': { description: 'Body over 512 KB', content: json(refusal) },
  '429': { description: "Over the key's rate limit", headers: retryAfter, content: json(refusal) },
  '503': unavailable(refusal),
});

/** Busy, or the database down or restarting: nothing was committed; the sender retries the delivery. */
function unavailable(refusal: z.ZodType): Operation {
  return {
    description: 'Busy, or the database is unavailable: nothing was committed; send again after Retry-After',
    headers: retryLater,
    content: json(refusal),
  };
}

export interface OpenApiOptions {
  /** The public URL of the app, as servers[0]; relative (`/`) when unknown. */
  serverUrl?: string;
  version?: string;
}

/** Every answer names its request (the proxy sets X-Request-Id on all of them). */
function withRequestIds<P extends Record<string, Record<string, Operation>>>(paths: P): P {
  for (const item of Object.values(paths))
    for (const operation of Object.values(item))
      for (const response of Object.values(operation.responses as Record<string, Operation>))
        response.headers = { ...(response.headers as object | undefined), ...requestIdHeader };
  return paths;
}

export function openApiDocument(options: OpenApiOptions = {}) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Watchfloor REST API',
      version: options.version ?? '1',
      summary: 'Alert ingestion, public status pages, reports, health and metrics',
      description:
        'The REST side of Watchfloor: what machines call. The console and portal use tRPC (`/api/trpc`), which is not part of this contract. Every answer carries `X-Request-Id`.',
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    tags: [
      { name: 'Ingestion', description: 'Alerts in: Prometheus Alertmanager and Events API v2 clients' },
      { name: 'Status pages', description: 'Public, anonymous, cacheable' },
      { name: 'Reports', description: 'CSV exports for signed-in users' },
      { name: 'Operations', description: 'Health, metrics and this document' },
    ],
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'next-auth.session-token',
          description: 'A signed-in browser session (`__Secure-next-auth.session-token` over https).',
        },
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The value of `WATCHFLOOR_METRICS_TOKEN`.',
        },
        integrationKey: {
          type: 'http',
          scheme: 'bearer',
          description: "An Alertmanager integration's key (Alertmanager's `http_config.authorization`).",
        },
      },
    },
    paths: withRequestIds({
      '/api/health': {
        get: {
          tags: ['Operations'],
          operationId: 'health',
          summary: 'Database reachability and the applied migration',
          security: [],
          responses: {
            '200': { description: 'Healthy', headers: noStore, content: json(healthShape) },
            '503': {
              description: 'The database does not answer',
              headers: { ...noStore, ...retryLater },
              content: json(healthShape),
            },
          },
        },
      },
      '/api/metrics': {
        get: {
          tags: ['Operations'],
          operationId: 'metrics',
          summary: 'Prometheus metrics (text exposition format 0.0.4)',
          description:
            'Tickets by kind and state, open SLA clocks by state, breaches, ingestion events by source and result, scheduler lag and batch sizes per lane, webhook deliveries, HTTP latency, and the process. For operators: a bearer token or an admin session.',
          security: [{ metricsToken: [] }, { session: [] }],
          responses: {
            '200': text('The metrics', 'text/plain; version=0.0.4'),
            '401': text('No valid token and no session'),
            '403': text('Signed in, but not an admin'),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          tags: ['Operations'],
          operationId: 'openapi',
          summary: 'This document',
          security: [],
          responses: {
            '200': {
              description: 'OpenAPI 3.1',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
      '/api/reports/{file}': {
        get: {
          tags: ['Reports'],
          operationId: 'reportCsv',
          summary: 'The table behind one chart of /reports, as CSV',
          description:
            'Same authorisation and need-to-know as the page: managers and admins see the whole floor, others their own share.',
          security: sessionOnly,
          parameters: [
            {
              name: 'file',
              in: 'path',
              required: true,
              schema: { type: 'string', enum: REPORT_FILES.map((f) => `${f}.csv`) },
            },
            ...reportFilterParameters(),
          ],
          responses: {
            '200': text('RFC 4180 CSV with a header row', 'text/csv'),
            '400': text('A filter field is invalid (one line per field)'),
            '401': text('Not signed in'),
            '403': text('Not allowed to read reports'),
            '404': text('No such report'),
          },
        },
      },
      '/api/sla-reports/{file}': {
        get: {
          tags: ['Reports'],
          operationId: 'slaReportCsv',
          summary: "A month's SLA report, as CSV",
          description:
            "A customer gets their own organisation's, whatever they ask; staff name the organisation. A closed month is frozen the first time it is read.",
          security: sessionOnly,
          parameters: [
            {
              name: 'file',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^\\d{4}-\\d{2}\\.csv$' },
              example: '2026-11.csv',
            },
            { name: 'organisationId', in: 'query', required: false, schema: jsonSchemaOf(z.uuid()) },
          ],
          responses: {
            '200': text('RFC 4180 CSV with a header row', 'text/csv'),
            '400': text('Invalid month or organisation'),
            '401': text('Not signed in'),
            '404': text('No such report, or an organisation the caller may not read'),
          },
        },
      },
      ...statuspagePaths(),
      '/status/{slug}/history.atom': feedPath('atom'),
      '/status/{slug}/history.rss': feedPath('rss'),
      '/status/subscriptions/unsubscribe/one-click': {
        post: {
          tags: ['Status pages'],
          operationId: 'unsubscribeOneClick',
          summary: 'RFC 8058 one-click unsubscribe (the List-Unsubscribe URL of subscriber mail)',
          description: 'The token is the whole authority; no cookie is read.',
          security: [],
          parameters: [{ name: 'token', in: 'query', required: false, schema: { type: 'string' } }],
          requestBody: {
            required: false,
            content: {
              'application/x-www-form-urlencoded': {
                schema: jsonSchemaOf(
                  z.object({
                    'List-Unsubscribe': z.literal('One-Click').optional(),
                    token: z.string().optional().describe('When not in the query'),
                  }),
                ),
              },
            },
          },
          responses: {
            '200': text('Unsubscribed'),
            '400': text('The link cannot be used'),
            '404': text('Not a valid unsubscribe link'),
          },
        },
        get: {
          tags: ['Status pages'],
          operationId: 'unsubscribeOneClickPage',
          summary: 'Opened in a browser: redirects to the page with its button (a GET never unsubscribes)',
          security: [],
          parameters: [{ name: 'token', in: 'query', required: false, schema: { type: 'string' } }],
          responses: { '303': { description: 'To /status/subscriptions/unsubscribe?token=…' } },
        },
      },
      '/api/integrations/alertmanager': {
        post: {
          tags: ['Ingestion'],
          operationId: 'alertmanagerWebhook',
          summary: 'Prometheus Alertmanager webhook receiver (payload version 4)',
          description:
            'Each alert is tracked by (integration, fingerprint): a group opens one ticket with every alert on it, re-sent groups are idempotent, resolved alerts mark theirs recovered. A 2xx is sent only after the changes are committed.',
          security: [{ integrationKey: [] }],
          requestBody: {
            required: true,
            content: json(alertmanagerWebhook, {
              version: '4',
              groupKey: '{}/{team="noc"}:{alertname="LinkDown"}',
              truncatedAlerts: 0,
              status: 'firing',
              receiver: 'watchfloor',
              groupLabels: { alertname: 'LinkDown' },
              commonLabels: { alertname: 'LinkDown', severity: 'critical', team: 'noc' },
              commonAnnotations: { summary: 'Uplink down on edge router' },
              externalURL: 'http://alertmanager.example.net:9093',
              alerts: [
                {
                  status: 'firing',
                  labels: { alertname: 'LinkDown', severity: 'critical', instance: 'edge-rtr-01:9100' },
                  annotations: { summary: 'Uplink xe-0/0/1 down on edge-rtr-01' },
                  startsAt: '2026-11-20T08:14:05.123Z',
                  endsAt: '0001-01-01T00:00:00Z',
                  generatorURL: 'http://prometheus.example.net:9090/graph',
                  fingerprint: '5f0c7a1e9b2d4c11',
                },
              ],
            }),
          },
          responses: {
            '200': { description: 'Committed', content: json(alertmanagerAccepted) },
            ...ingestionErrors(
              {
                description: 'Malformed JSON or a schema error, naming the field',
                content: json(bearerRefused),
              },
              bearerRefused,
            ),
          },
        },
      },
      '/api/integrations/heartbeat': {
        post: {
          tags: ['Ingestion'],
          operationId: 'heartbeatPing',
          summary: "A heartbeat monitor's ping",
          description:
            'The monitor expects a ping every interval; when one is overdue (plus grace) the scheduler opens an outage on its default service, and the next ping resolves it. Any body is ignored, so `curl -fsS -X POST -H "Authorization: Bearer $KEY"` from cron works; the key stays out of the URL.',
          security: [{ integrationKey: [] }],
          responses: {
            '200': { description: 'Recorded', content: json(heartbeatAccepted) },
            '401': { description: 'Unknown or revoked key', content: json(bearerRefused) },
            '403': { description: 'The key is not a heartbeat monitor', content: json(bearerRefused) },
            '429': {
              description: "Over the key's rate limit",
              headers: retryAfter,
              content: json(bearerRefused),
            },
            '503': unavailable(bearerRefused),
          },
        },
      },
      '/v2/enqueue': {
        post: {
          tags: ['Ingestion'],
          operationId: 'eventsV2Enqueue',
          summary: 'Events API v2: trigger, acknowledge or resolve an alert',
          description:
            'Compatible with Events API v2 clients. The routing key is the integration key. A dedup key matches only within its routing key; after a resolve, a trigger with the same key opens a new alert.',
          security: [],
          requestBody: {
            required: true,
            content: json(eventsV2Event, {
              routing_key: 'YOUR_INTEGRATION_KEY',
              event_action: 'trigger',
              dedup_key: 'ids/sensor-7/rule-2019284/10.20.30.40',
              payload: {
                summary: 'Outbound beaconing from 10.20.30.40 to known C2 domain',
                source: 'ids-sensor-7.fra1',
                severity: 'critical',
                class: 'security',
              },
            }),
          },
          responses: {
            '202': {
              description: 'Accepted and committed',
              content: json(eventsV2Accepted, {
                status: 'success',
                message: 'Event processed',
                dedup_key: 'ids/sensor-7/rule-2019284/10.20.30.40',
              }),
            },
            ...ingestionErrors({
              description: 'Invalid event',
              content: json(eventsV2Invalid, {
                status: 'invalid event',
                message: 'Event object is invalid',
                errors: ["'payload.severity' must be one of critical, error, warning, info"],
              }),
            }),
          },
        },
      },
      '/v2/change/enqueue': {
        post: {
          tags: ['Ingestion'],
          operationId: 'eventsV2ChangeEnqueue',
          summary: 'Events API v2 change event: a timeline entry on the open tickets of the service',
          security: [],
          requestBody: { required: true, content: json(changeEvent) },
          responses: {
            '202': { description: 'Accepted and committed', content: json(changeEventAccepted) },
            ...ingestionErrors({ description: 'Invalid event', content: json(eventsV2Invalid) }),
          },
        },
      },
    }),
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
