import { normalisePostcode } from '@common-ground/geo';

// Normalising a postcode is shared with the data readers in @common-ground/geo.
export { normalisePostcode };

/** Which part of a postcode someone typed: a whole unit, a sector ("GL1 2") or a district ("GL1"). */
export type PostcodeQuery = { kind: 'postcode'; value: string } | { kind: 'sector'; value: string } | { kind: 'district'; value: string };

/**
 * Reads what someone typed as a full or partial postcode.
 * @example parsePostcodeQuery('gl1 2') // { kind: 'sector', value: 'GL1 2' }
 */
export function parsePostcodeQuery(input: string): PostcodeQuery | null {
  const full = normalisePostcode(input);
  if (full) return { kind: 'postcode', value: full };
  const spaced = input.toUpperCase().trim().replace(/\s+/g, ' ');
  if (/^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]$/.test(spaced)) return { kind: 'sector', value: spaced };
  if (/^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(spaced)) return { kind: 'district', value: spaced };
  return null;
}

/**
 * What someone may mean by a partial postcode: the whole unit, sector or district when it
 * is one, or the sector of a unit being typed ("GL1 2T" → "GL1 2").
 * @example postcodeCandidates('gl1 2t') // [{ kind: 'sector', value: 'GL1 2' }]
 */
export function postcodeCandidates(input: string): PostcodeQuery[] {
  const parsed = parsePostcodeQuery(input);
  if (parsed) return [parsed];
  const typing = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])[A-Z]$/.exec(input.toUpperCase().trim().replace(/\s+/g, ' '));
  return typing ? [{ kind: 'sector', value: `${typing[1]} ${typing[2]}` }] : [];
}
