/*
 * Area reads for the routes: an LSOA's profile and the deprivation table are the repository's
 * queries with no rule beyond them; a loaded measure's table comes from its own module.
 */
export { deprivationTable, findAreaProfile } from './areas.repository.js';
export { measureTable } from '../need-measures/need-measures.service.js';
