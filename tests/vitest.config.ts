import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    // The app under test runs in the main process on one shared database.
    globalSetup: ['./e2e/global-setup.ts'],
    fileParallelism: false,
    hookTimeout: 900_000,
    testTimeout: 180_000,
  },
});
