import { describe, expect, it } from 'vitest';
import { AnnotationBody, AnnotationEditBody, HideAnnotationBody } from './index.js';

describe('AnnotationBody', () => {
  it('is public unless it says otherwise, and keeps markup as typed', () => {
    expect(AnnotationBody.parse({ body: '  <b>hall</b> free  ' })).toEqual({ body: '<b>hall</b> free', visibility: 'public' });
  });

  it.each([{ body: '   ' }, { body: 'x'.repeat(2001) }, { body: 'x', visibility: 'secret' }])('rejects %o', (input) => {
    expect(AnnotationBody.safeParse(input).success).toBe(false);
  });
});

describe('AnnotationEditBody', () => {
  it('leaves the visibility alone unless it names one', () => {
    expect(AnnotationEditBody.parse({ body: 'x', baseVersion: 2 })).toEqual({ body: 'x', baseVersion: 2 });
    expect(AnnotationEditBody.parse({ body: 'x', baseVersion: 2, visibility: 'workers' }).visibility).toBe('workers');
  });
});

describe('HideAnnotationBody', () => {
  it('needs a reason to hide, none to show again', () => {
    const missing = HideAnnotationBody.safeParse({ hidden: true, reason: '  ' });
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toEqual(['reason']);
    expect(HideAnnotationBody.parse({ hidden: false })).toEqual({ hidden: false });
  });
});
