import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type OpenApiDocument, openApiDocument } from './document';
import { alertmanagerWebhook, changeEvent, eventsV2Event, eventsV2Invalid } from './ingestion-shapes';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Route handlers that are not REST for machines: the console's tRPC and next-auth. */
const NOT_REST = ['api/trpc/', 'api/auth/'];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return /^route\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

interface Route {
  file: string;
  /** A regular expression for the URL paths the file serves, against the document's paths. */
  pattern: RegExp;
  methods: string[];
}

/** app/status/[slug]/api/v2/[...document]/route.ts → /status/…/api/v2/… (groups dropped, params any). */
function routeOf(file: string): Route {
  const segments = relative(join(root, 'app'), file).split(sep).slice(0, -1);
  const pattern = segments
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => {
      if (/^\[\[?\.\.\.\w+\]\]?$/.test(s)) return '.+';
      if (/^\[\w+\]$/.test(s)) return '[^/]+';
      return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const source = readFileSync(file, 'utf8');
  const methods = METHODS.filter((m) =>
    new RegExp(
      `export\\s+(?:const|(?:async\\s+)?function)\\s+${m}\\b|export\\s*\\{[^}]*\\bas\\s+${m}\\b`,
    ).test(source),
  );
  return { file: relative(root, file), pattern: new RegExp(`^/${pattern}$`), methods };
}

const restRoutes = () =>
  routeFiles(join(root, 'app'))
    .map(routeOf)
    .filter((r) => !NOT_REST.some((prefix) => r.file.startsWith(`app/${prefix}`)));

/** Documented paths with `{param}` read as one segment, like a request would have it. */
function documentedOperations(document: OpenApiDocument): { path: string; method: string }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({
      path: path.replace(/\{\w+\}/g, 'x'),
      method: method.toUpperCase(),
    })),
  );
}

describe('the OpenAPI document', () => {
  const document = openApiDocument({ serverUrl: 'https://watchfloor.example' });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every method of every REST route handler under app/', () => {
    const routes = restRoutes();
    // The walk finds the routes (a broken walk would pass vacuously).
    expect(routes.map((r) => r.file)).toEqual(
      expect.arrayContaining([
        'app/api/health/route.ts',
        'app/api/metrics/route.ts',
        'app/api/openapi.json/route.ts',
        'app/status/[slug]/api/v2/[...document]/route.ts',
      ]),
    );
    const operations = documentedOperations(document);
    for (const route of routes) {
      expect(route.methods.length, `${route.file} exports no method`).toBeGreaterThan(0);
      for (const method of route.methods) {
        const documented = operations.some((o) => o.method === method && route.pattern.test(o.path));
        expect(documented, `${method} of ${route.file} is not in server/api/openapi/document.ts`).toBe(true);
      }
    }
  });

  it('documents no path that no route serves', () => {
    const routes = restRoutes();
    for (const { path, method } of documentedOperations(document)) {
      const served = routes.some(
        (r) =>
          r.pattern.test(path) &&
          (r.methods.includes(method) || (method === 'HEAD' && r.methods.includes('GET'))),
      );
      expect(served, `${method} ${path} is documented but served by no route.ts`).toBe(true);
    }
  });

  it('lists the eight Statuspage documents, the feeds and the ingestion endpoints', () => {
    const paths = Object.keys(document.paths);
    for (const name of [
      'summary',
      'status',
      'components',
      'incidents',
      'incidents/unresolved',
      'scheduled-maintenances',
      'scheduled-maintenances/upcoming',
      'scheduled-maintenances/active',
    ])
      expect(paths).toContain(`/status/{slug}/api/v2/${name}.json`);
    expect(paths).toEqual(
      expect.arrayContaining(['/status/{slug}/history.atom', '/status/{slug}/history.rss']),
    );
    expect(paths).toEqual(
      expect.arrayContaining(['/api/integrations/alertmanager', '/v2/enqueue', '/v2/change/enqueue']),
    );
    const enqueue = document.paths['/v2/enqueue'].post.responses;
    expect(Object.keys(enqueue).sort()).toEqual(['202', '400', '401', '403', '413', '429', '503']);
    expect(enqueue['429'].headers).toHaveProperty('Retry-After');
    // Busy or the database unavailable: the sender is told when to send again.
    expect(enqueue['503'].headers).toHaveProperty('Retry-After');
    // The report filter's parameters come from the route's own zod schema.
    const report = document.paths['/api/reports/{file}'].get.parameters.map((p) => p.name);
    expect(report).toEqual(['file', 'period', 'from', 'to', 'kind', 'interval']);
  });

  it('carries examples that its own schemas accept', () => {
    const example = (content: unknown) =>
      (content as Record<string, { example?: unknown }>)['application/json']?.example;
    const cases: [z.ZodType, unknown][] = [
      [
        alertmanagerWebhook,
        example(document.paths['/api/integrations/alertmanager'].post.requestBody.content),
      ],
      [eventsV2Event, example(document.paths['/v2/enqueue'].post.requestBody.content)],
      [eventsV2Invalid, example(document.paths['/v2/enqueue'].post.responses['400'].content)],
    ];
    for (const [schema, value] of cases) {
      expect(value).toBeDefined();
      expect(schema.safeParse(value).error).toBeUndefined();
    }
  });

  it('accepts the shared fixtures (the payloads real Alertmanager and Events v2 clients send)', () => {
    const dir = [resolve(root, '../shared/fixtures'), resolve(root, '../../shared/fixtures')].find(
      existsSync,
    );
    expect(dir, 'the shared fixtures beside the repository').toBeDefined();
    const fixture = (name: string) => JSON.parse(readFileSync(join(dir!, name), 'utf8'));
    expect(alertmanagerWebhook.safeParse(fixture('alertmanager-v4-firing.json')).error).toBeUndefined();
    expect(alertmanagerWebhook.safeParse(fixture('alertmanager-v4-resolved.json')).error).toBeUndefined();
    expect(eventsV2Event.safeParse(fixture('events-v2-trigger.json')).error).toBeUndefined();
    // And refuses what the Events v2 rules refuse.
    const trigger = fixture('events-v2-trigger.json');
    expect(
      eventsV2Event.safeParse({ ...trigger, payload: { ...trigger.payload, severity: 'high' } }).success,
    ).toBe(false);
    expect(eventsV2Event.safeParse({ routing_key: 'k', event_action: 'resolve' }).success).toBe(false);
    expect(changeEvent.safeParse({ routing_key: 'k', payload: { summary: 'Deployed v2.3' } }).success).toBe(
      true,
    );
  });
});
