import type { NeedMeasure } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { needDomainChoices } from '../../api/need-measures-api.js';
import { EMPTY_NEED_DRAFT, summaryLines, toNeedUpload } from './need-upload.js';

const measure = (slug: string, name: string, visibility: 'workers' | 'public'): NeedMeasure => ({
  id: '00000000-0000-4000-8000-000000000001',
  slug,
  domain: `need:${slug}`,
  name,
  description: '',
  source: '',
  direction: 'higher_is_more_need',
  visibility,
  uploadedBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  rowCount: 10,
  coverage: 0.001,
  min: 0,
  max: 1,
  canDelete: false,
});

describe('need measure upload', () => {
  it('leaves out empty optional fields so the API finds the columns and the short name', () => {
    const body = toNeedUpload({ ...EMPTY_NEED_DRAFT, name: '  Survey ', lsoaColumn: ' ', valueColumn: 'score' }, 'a,b');
    expect(body).toEqual({
      name: 'Survey',
      slug: undefined,
      description: '',
      source: '',
      direction: 'higher_is_more_need',
      visibility: 'workers',
      csv: 'a,b',
      lsoaColumn: undefined,
      valueColumn: 'score',
    });
  });

  it('says what a checked file holds in plain words', () => {
    const lines = summaryLines(
      {
        lsoaColumn: 'lsoa21cd',
        valueColumn: 'value',
        rows: 1200,
        matched: 1200,
        coverage: 1200 / 33755,
        min: 0.25,
        max: 71,
        decileCounts: [120, 120, 120, 120, 120, 120, 120, 120, 120, 120],
      },
      'lower_is_more_need',
    );
    expect(lines).toEqual([
      "1,200 LSOAs, 3.6% of England's 33,755; every code is a 2021 LSOA in England.",
      'Codes from the column “lsoa21cd”, values from “value”.',
      'Values from 0.25 to 71; lower means more need.',
      'Deciles among these LSOAs, most need first: 120, 120, 120, 120, 120, 120, 120, 120, 120, 120.',
    ]);
  });

  it('offers the IoD domains, then loaded measures by name, marking workers-only ones', () => {
    const choices = needDomainChoices([measure('zeta', 'Zeta survey', 'public'), measure('cni', 'Community Needs Index', 'workers')]);
    expect(choices.slice(0, 2).map((c) => c.value)).toEqual(['imd', 'income']);
    expect(choices.slice(8)).toEqual([
      { value: 'need:cni', label: 'Community Needs Index (workers only)', kind: 'custom', workersOnly: true },
      { value: 'need:zeta', label: 'Zeta survey', kind: 'custom', workersOnly: false },
    ]);
  });
});
