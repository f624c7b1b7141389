export { openTestDatabase, testBackends, DATA_DIR, type TestDatabase } from './test-database.js';
export { buildApp } from '../app.js';
export { REPO_ROOT } from '../env.js';
