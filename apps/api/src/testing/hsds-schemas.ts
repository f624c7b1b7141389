import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The official Open Referral UK (HSDS 3.0) schemas, copied as fixtures (see their README). */
const FIXTURES = fileURLToPath(new URL('../../../../tests/fixtures/hsds3-schema/', import.meta.url));
const BASE = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';

const read = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as Record<string, unknown>;

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/**
 * The profile's schemas carry keywords of their own (Frictionless data-package metadata,
 * profile notes): declared here as annotations, so ajv's strict mode accepts them and every
 * standard keyword (type, required, enum, format: uuid, uri, email, date-time) is enforced.
 */
const PROFILE_KEYWORDS = ['name', 'path', 'datapackage_metadata', 'tabular_required', 'constraints', 'core', 'example', 'datapackage_type'];

function compileAll(): Record<
  'service' | 'servicePage' | 'serviceAtLocation' | 'serviceAtLocationPage' | 'taxonomyPage' | 'taxonomy' | 'taxonomyTerm' | 'taxonomyTermPage',
  ValidateFunction
> {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, strictTuples: false });
  addFormats(ajv);
  for (const keyword of PROFILE_KEYWORDS) ajv.addKeyword({ keyword });
  ajv.addSchema(read('service.json'), `${BASE}compiled/service.json`);
  ajv.addSchema(read('service_list.json'), `${BASE}compiled/service_list.json`);
  ajv.addSchema(read('service_at_location.json'), `${BASE}compiled/service_at_location.json`);
  ajv.addSchema(read('service_at_location_list.json'), `${BASE}compiled/service_at_location_list.json`);
  ajv.addSchema(read('taxonomy.json'), `${BASE}taxonomy.json`);
  ajv.addSchema(read('taxonomy_term.json'), `${BASE}taxonomy_term.json`);
  const openapi = read('openapi.json') as { components: { schemas: { Page: Record<string, unknown> } } };
  const page = openapi.components.schemas.Page;
  // The profile's Page lists the paging fields without requiring them; an answer must carry them all.
  const pageOf = (item: string) => ({
    allOf: [page],
    required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
    properties: { contents: { type: 'array', items: { $ref: `${BASE}${item}` } } },
  });
  return {
    service: ajv.getSchema(`${BASE}compiled/service.json`)!,
    servicePage: ajv.compile(pageOf('compiled/service_list.json')),
    serviceAtLocation: ajv.getSchema(`${BASE}compiled/service_at_location.json`)!,
    serviceAtLocationPage: ajv.compile(pageOf('compiled/service_at_location_list.json')),
    taxonomy: ajv.getSchema(`${BASE}taxonomy.json`)!,
    taxonomyPage: ajv.compile(pageOf('taxonomy.json')),
    taxonomyTerm: ajv.getSchema(`${BASE}taxonomy_term.json`)!,
    taxonomyTermPage: ajv.compile(pageOf('taxonomy_term.json')),
  };
}

let compiled: ReturnType<typeof compileAll> | undefined;

/** Validates `value` against one of the profile's schemas; returns ajv's errors as text ('' when valid). */
export function hsdsErrors(schema: keyof ReturnType<typeof compileAll>, value: unknown): string {
  compiled ??= compileAll();
  const validate = compiled[schema];
  return validate(value) ? '' : JSON.stringify(validate.errors?.slice(0, 5));
}

/** The profile's own OpenAPI document (paths, operations and the parameters each defines). */
export interface ProfileOpenApi {
  paths: Record<string, Record<string, { operationId?: string; parameters?: { $ref?: string; name?: string }[] } | unknown[]>>;
  components: { parameters: Record<string, { name: string; in: string }> };
}
export function profileOpenApi(): ProfileOpenApi {
  return read('openapi.json') as unknown as ProfileOpenApi;
}
