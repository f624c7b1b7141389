/* The health check's counts: one bounded query (health.repository.ts), no rule beyond it. */
export { healthCounts } from './health.repository.js';
