import { publicBaseUrl } from '@/lib/public-url';
import { openApiDocument } from '@/server/api/openapi/document';
import { instrumentedRoute } from '@/server/observability/http';

export const dynamic = 'force-dynamic';

/** /api/openapi.json: the OpenAPI 3.1 document of the REST endpoints (server/api/openapi/document.ts). */
export const GET = instrumentedRoute('/api/openapi.json', (req: Request) =>
  Response.json(openApiDocument({ serverUrl: publicBaseUrl(req.url) }), {
    headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' },
  }),
);
