import type { Metadata } from 'next';
import { openApiDocument } from '@/server/api/openapi/document';

export const metadata: Metadata = { title: 'REST API reference' };
export const dynamic = 'force-dynamic';

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Json;
  example?: unknown;
}
interface Media {
  schema?: Json;
  example?: unknown;
}
interface Response {
  description: string;
  headers?: Record<string, { description?: string }>;
  content?: Record<string, Media>;
}
interface Operation {
  tags?: string[];
  operationId: string;
  summary: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, Media> };
  responses: Record<string, Response>;
}

const METHOD_CLASS: Record<string, string> = {
  get: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  post: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
};
const cell = 'border-t border-zinc-200 px-2 py-1 align-top dark:border-zinc-800';
const head = 'px-2 py-1 text-left font-medium';

/** A JSON Schema's type in a word: `string (uuid)`, `array of object`, `"firing" | "resolved"`. */
function typeOf(schema: Json | undefined): string {
  if (!schema) return '—';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (union) return union.map(typeOf).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  if (type === 'array') return `array of ${typeOf(schema.items as Json | undefined)}`;
  const format = schema.format ?? (schema.pattern ? 'pattern' : undefined);
  return format ? `${type} (${String(format)})` : type;
}

/** The first level of an object schema as a table, and the whole JSON Schema behind a disclosure. */
function SchemaView({ schema, label }: { schema: Json | undefined; label: string }) {
  if (!schema) return null;
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const names = Object.keys(properties);
  return (
    <div className="space-y-1">
      {names.length > 0 && (
        <table className="w-full text-xs">
          <caption className="sr-only">{label}</caption>
          <thead>
            <tr>
              <th className={head}>Field</th>
              <th className={head}>Type</th>
              <th className={head}>Notes</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr key={name}>
                <td className={`${cell} font-mono`}>
                  {name}
                  {required.has(name) && <span title="required"> *</span>}
                </td>
                <td className={`${cell} font-mono`}>{typeOf(properties[name])}</td>
                <td className={cell}>{String(properties[name]?.description ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary className="cursor-pointer text-xs text-muted">JSON Schema</summary>
        <pre className="mt-1 max-h-96 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
          {JSON.stringify(schema, null, 2)}
        </pre>
      </details>
    </div>
  );
}

function Example({ value }: { value: unknown }) {
  if (value === undefined) return null;
  return (
    <details>
      <summary className="cursor-pointer text-xs text-muted">Example</summary>
      <pre className="mt-1 max-h-96 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

function OperationView({ path, method, op }: { path: string; method: string; op: Operation }) {
  const auth = op.security?.length
    ? op.security.map((s) => Object.keys(s).join(' + ')).join(' or ')
    : 'none (public)';
  return (
    <section
      id={op.operationId}
      className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h3 className="flex flex-wrap items-baseline gap-2 font-mono text-sm">
        <span
          className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${METHOD_CLASS[method] ?? ''}`}
        >
          {method}
        </span>
        <span className="break-all">{path}</span>
      </h3>
      <p className="font-medium">{op.summary}</p>
      {op.description && <p className="text-sm text-muted">{op.description}</p>}
      <p className="text-sm">
        <span className="font-medium">Authentication:</span> {auth}
      </p>
      {op.parameters && op.parameters.length > 0 && (
        <table className="w-full text-sm">
          <caption className="text-left text-sm font-medium">Parameters</caption>
          <thead>
            <tr>
              <th className={head}>Name</th>
              <th className={head}>In</th>
              <th className={head}>Type</th>
              <th className={head}>Notes</th>
            </tr>
          </thead>
          <tbody>
            {op.parameters.map((p) => (
              <tr key={`${p.in}:${p.name}`}>
                <td className={`${cell} font-mono`}>
                  {p.name}
                  {p.required && <span title="required"> *</span>}
                </td>
                <td className={cell}>{p.in}</td>
                <td className={`${cell} font-mono text-xs`}>{typeOf(p.schema)}</td>
                <td className={cell}>
                  {p.description}
                  {p.example !== undefined && <span className="text-muted"> e.g. {String(p.example)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {op.requestBody && (
        <div className="space-y-2">
          <h4 className="text-sm font-medium">Request body{op.requestBody.required ? '' : ' (optional)'}</h4>
          {Object.entries(op.requestBody.content).map(([type, media]) => (
            <div key={type} className="space-y-1">
              <p className="font-mono text-xs">{type}</p>
              <SchemaView schema={media.schema} label={`${op.operationId} request body`} />
              <Example value={media.example} />
            </div>
          ))}
        </div>
      )}
      <div className="space-y-2">
        <h4 className="text-sm font-medium">Responses</h4>
        <ul className="space-y-2">
          {Object.entries(op.responses).map(([status, response]) => (
            <li key={status} className="space-y-1 text-sm">
              <p>
                <span className="font-mono font-semibold">{status}</span> {response.description}
                {Object.keys(response.headers ?? {})
                  .filter((h) => h !== 'X-Request-Id')
                  .map((h) => (
                    <span key={h} className="ml-2 font-mono text-xs text-muted">
                      {h}
                    </span>
                  ))}
              </p>
              {Object.entries(response.content ?? {}).map(([type, media]) => (
                <div key={type} className="ml-4 space-y-1">
                  <p className="font-mono text-xs">{type}</p>
                  {media.schema?.type !== 'string' && (
                    <SchemaView schema={media.schema} label={`${op.operationId} ${status} body`} />
                  )}
                  <Example value={media.example} />
                </div>
              ))}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

const tagId = (name: string) => `tag-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/**
 * The REST reference for integrators and operators, rendered on the server from the same document as
 * /api/openapi.json (server/api/openapi/document.ts): per tag, each path and method with its
 * authentication, parameters, request and response schemas and examples.
 */
export default function ApiDocsPage() {
  const document = openApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <div className="max-w-5xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-xl font-semibold">{document.info.title}</h1>
        <p className="text-sm text-muted">{document.info.description}</p>
        <p className="text-sm">
          Machine-readable:{' '}
          <a className="text-sky-700 underline dark:text-sky-300" href="/api/openapi.json">
            /api/openapi.json
          </a>{' '}
          (OpenAPI {document.openapi}). Authentication schemes:{' '}
          {Object.entries(document.components.securitySchemes)
            .map(([name, scheme]) => `${name} (${scheme.description})`)
            .join('; ')}
        </p>
      </div>
      <nav aria-label="Endpoints" className="text-sm">
        <ul className="columns-1 gap-6 sm:columns-2">
          {operations.map(({ path, method, op }) => (
            <li key={op.operationId}>
              <a className="text-sky-700 hover:underline dark:text-sky-300" href={`#${op.operationId}`}>
                <span className="font-mono text-xs uppercase">{method}</span> {path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {document.tags.map((tag) => (
        // An id holds no space ("Status pages"): aria-labelledby would read it as two ids.
        <section key={tag.name} className="space-y-3" aria-labelledby={tagId(tag.name)}>
          <h2 id={tagId(tag.name)} className="text-lg font-semibold">
            {tag.name} <span className="text-sm font-normal text-muted">— {tag.description}</span>
          </h2>
          {operations
            .filter(({ op }) => op.tags?.includes(tag.name))
            .map(({ path, method, op }) => (
              <OperationView key={op.operationId} path={path} method={method} op={op} />
            ))}
        </section>
      ))}
    </div>
  );
}
