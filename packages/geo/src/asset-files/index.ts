/**
 * `@common-ground/geo/asset-files`: the shipped asset source files and the rules that turn
 * them into assets (readers, category mapping, de-duplication). Node-only (it reads files),
 * so it has its own entry point and stays out of the browser bundle.
 */
export * from './area-files.js';
export * from './asset-records.js';
export * from './candidate.js';
export * from './categories.js';
export * from './data-files.js';
export * from './dedupe.js';
export * from './exchange-tables.js';
export * from './library-hours.js';
export * from './mappings.js';
export * from './names.js';
export * from './nhs-ods-readers.js';
export * from './pharmacy-hours.js';
export * from './capacity-files.js';
export * from './readers.js';
export * from './shipped-files.js';
