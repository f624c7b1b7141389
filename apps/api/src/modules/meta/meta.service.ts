/* The data sources and their licences, as stored: a read with no rule beyond its query. */
export { listSources } from './meta.repository.js';
