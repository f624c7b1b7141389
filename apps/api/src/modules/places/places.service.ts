import type { ResolvedPlace } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError } from '../../errors.js';
import { AREA_KIND_WORDS, areaKindOfCode } from './areas-by-name.js';
import { areaByCode, areasNamed, type NamedArea } from './areas.repository.js';
import { postcodeCentre } from './places.repository.js';
import { parsePostcodeQuery } from './postcodes.js';

/** A full or partial postcode → its centre, from the shipped lookups. 400 naming `param` otherwise. */
export async function resolvePostcode(db: Queryable, input: string, param: string): Promise<ResolvedPlace> {
  const parsed = parsePostcodeQuery(input);
  if (!parsed) throw BadRequestError.forParam(param, `${input} is not a postcode, sector or district`);
  const centre = await postcodeCentre(db, parsed);
  if (!centre) throw BadRequestError.forParam(param, `no English postcode ${parsed.value} in the lookup`);
  return { kind: parsed.kind, code: null, label: parsed.value, location: { type: 'Point', coordinates: centre }, bbox: null };
}

/** What and where an area is: "ward, Barking and Dagenham". */
export function areaDetail(area: Pick<NamedArea, 'kind' | 'name' | 'ladName'>): string {
  const where = area.ladName && area.ladName !== area.name ? `, ${area.ladName}` : '';
  return `${AREA_KIND_WORDS[area.kind]}${where}`;
}

/** How an area reads in a list: "Abbey (ward, Barking and Dagenham)". */
export function describeArea(area: Pick<NamedArea, 'kind' | 'name' | 'ladName'>): string {
  return `${area.name} (${areaDetail(area)})`;
}

/**
 * An LSOA, ward or local authority by GSS code, or by name when exactly one area of the
 * largest matching kind has it ("Sheffield" is the city, not a ward). A name shared by
 * several areas is a 400 that lists them with their codes, so the caller can choose.
 */
export async function resolveArea(db: Queryable, input: string, param: string): Promise<NamedArea> {
  const kind = areaKindOfCode(input);
  if (kind) {
    const area = await areaByCode(db, input.trim().toUpperCase());
    if (!area) throw BadRequestError.forParam(param, `no ${AREA_KIND_WORDS[kind]} ${input.trim().toUpperCase()} in England`);
    return area;
  }
  const named = await areasNamed(db, input.trim());
  const largest = named.filter((a) => a.kind === named[0]?.kind);
  if (largest.length === 1) return largest[0]!;
  if (largest.length === 0) throw BadRequestError.forParam(param, `no LSOA, ward or local authority named ${input.trim()}`);
  const choices = largest.slice(0, 8).map((a) => `${describeArea(a)} ${a.code}`);
  throw BadRequestError.forParam(
    param,
    `${largest.length} areas are named ${input.trim()}; give one's code: ${choices.join('; ')}${largest.length > 8 ? '; …' : ''}`,
  );
}

export function areaPlace(area: NamedArea): ResolvedPlace {
  return {
    kind: area.kind,
    code: area.code,
    label: describeArea(area),
    location: { type: 'Point', coordinates: area.location },
    bbox: area.bbox,
  };
}
