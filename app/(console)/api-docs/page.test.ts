import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/server/api/openapi/document';
import ApiDocsPage from './page';

describe('the REST API reference page', () => {
  it('renders every path and method of the OpenAPI document, with schemas and examples', () => {
    const html = renderToStaticMarkup(createElement(ApiDocsPage));
    const document = openApiDocument();
    for (const [path, item] of Object.entries(document.paths))
      for (const op of Object.values(item) as { operationId: string }[]) {
        expect(html).toContain(`id="${op.operationId}"`);
        expect(html).toContain(path.replace(/&/g, '&amp;'));
      }
    expect(html).toContain('href="/api/openapi.json"');
    // Field tables from the schemas, and the examples.
    expect(html).toContain('fingerprint');
    expect(html).toContain('Outbound beaconing');
  });
});
