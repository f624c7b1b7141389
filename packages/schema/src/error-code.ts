import { z } from 'zod';

/**
 * Every `code` the API sends in an error body (`ErrorBody`): `errors.ts` and the error
 * handler accept only these, the OpenAPI document lists them, and the web client branches
 * on them by name. Adding an error means adding its code here first.
 */
export const ErrorCode = z.enum([
  // 400: the request itself
  'bad_request', // a parameter that no schema could judge alone (BadRequestError)
  'invalid_request', // the schemas' verdict, with `issues` per field
  'invalid_json', // a body that is not JSON, or nested too deep to read
  'invalid_geometry',
  'area_too_small',
  'area_too_large',
  'outside_england',
  'no_lsoas', // a drawn area that holds no LSOA's residence point
  'mapping_required', // an import whose columns need a mapping: the body lists them
  'import_file_invalid',
  'records_rejected', // an import refused whole: the body holds the report
  // 401
  'signed_out',
  'invalid_credentials',
  'wrong_password',
  // 403
  'forbidden',
  'csrf_failed',
  'workers_only',
  'outside_your_areas',
  'sensitive_needs_worker',
  'not_yours',
  'not_your_note',
  'not_importer',
  'not_editable',
  // 404, 413, 415
  'not_found',
  'body_too_large',
  'unsupported_media_type',
  // 409
  'version_conflict',
  'last_admin',
  'email_taken',
  'category_exists',
  'need_measure_exists',
  'source_code_taken',
  'already_reviewed',
  'already_resolved',
  'import_undone',
  'import_not_latest',
  'import_assets_changed',
  // 429
  'rate_limited',
  // 499: the client went away (logged; nobody reads the body)
  'client_closed',
  // 500
  'internal_error',
  // 503: nothing wrong with the request; Retry-After says when to try again
  'busy',
  'overloaded',
  'database_unavailable',
  'database_busy',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;
