import type { PlaceKind } from '@common-ground/schema';

export type AreaKind = Extract<PlaceKind, 'lsoa' | 'ward' | 'local_authority'>;

/**
 * Which kind of area a GSS code names, or null when it is not one we hold.
 * @example areaKindOfCode('E05010000') // 'ward'
 */
export function areaKindOfCode(code: string): AreaKind | null {
  const upper = code.trim().toUpperCase();
  if (/^E01\d{6}$/.test(upper)) return 'lsoa';
  if (/^E05\d{6}$/.test(upper)) return 'ward';
  if (/^E0[6-9]\d{6}$/.test(upper)) return 'local_authority';
  return null;
}

export const AREA_KIND_WORDS: Record<AreaKind, string> = {
  lsoa: 'LSOA',
  ward: 'ward',
  local_authority: 'local authority',
};
