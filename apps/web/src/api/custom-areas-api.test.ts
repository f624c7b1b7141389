import { describe, expect, it } from 'vitest';
import { assetsExportUrl, gapsUrl } from './custom-areas-api.js';

describe('custom area file addresses', () => {
  const id = '4f6c2a1e-8d3b-4c5a-9e7f-0a1b2c3d4e5f';

  it('asks for the public assets inside the area in the chosen format, with the link token when the page was opened by one', () => {
    expect(assetsExportUrl(id, null, 'csv')).toBe(`/api/custom-areas/${id}/assets?format=csv`);
    expect(assetsExportUrl(id, 'tok_en-1', 'hsds')).toBe(`/api/custom-areas/${id}/assets?format=hsds&share=tok_en-1`);
  });

  it('asks for the gaps within the area as custom:<id>', () => {
    expect(gapsUrl(id, null, 'csv')).toBe(`/api/gaps?area=custom%3A${id}&format=csv`);
  });
});
