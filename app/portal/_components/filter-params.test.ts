import { describe, expect, it } from 'vitest';
import { portalFiltersOf } from './filter-params';

const WEBSITE = '6f1c2c9e-8a4b-4d2f-9a51-2b7f0c3e1d11';
const OTHER = '0b7e6a55-3c1d-4e8f-a2b9-9d4c5e6f7a80';

describe('portal list filters from the URL', () => {
  it('reads status, an own service and the search text', () => {
    expect(portalFiltersOf({ status: 'open', service: WEBSITE, q: '  storefront  ' }, [WEBSITE])).toEqual({
      status: 'open',
      serviceId: WEBSITE,
      text: 'storefront',
    });
  });

  it('turns anything else into no filter rather than an error page', () => {
    expect(portalFiltersOf({ status: 'deleted', service: OTHER, q: '   ' }, [WEBSITE])).toEqual({
      status: 'all',
      serviceId: undefined,
      text: undefined,
    });
    expect(portalFiltersOf({ service: 'not-a-uuid' }, ['not-a-uuid']).serviceId).toBeUndefined();
    expect(
      portalFiltersOf({ status: ['resolved', 'open'], q: `a\u0007b${'x'.repeat(300)}` }, []),
    ).toMatchObject({
      status: 'resolved',
      text: `a b${'x'.repeat(197)}`,
    });
  });
});
