import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { openTestDatabase, testBackends, type TestDatabase } from './test-database.js';

export interface ProvidedDatabase {
  kind: 'embedded' | 'server';
  connectionString: string;
  poolMax: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databases: ProvidedDatabase[];
  }
}

/** Opens (and loads) one database per backend under test, shared by every API test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const opened: TestDatabase[] = await Promise.all(testBackends().map((kind) => openTestDatabase(kind)));
  project.provide(
    'databases',
    opened.map((d) => ({ kind: d.kind, connectionString: d.connectionString, poolMax: d.poolMax })),
  );
  return async () => {
    for (const d of opened) await d.close();
  };
}
