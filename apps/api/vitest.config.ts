import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.api.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          include: ['src/**/*.api.test.ts'],
          // One database per backend for the whole run (PGlite with PostGIS takes ~16 s to
          // open); files run one at a time because the embedded one takes one connection.
          globalSetup: ['./src/testing/global-setup.ts'],
          fileParallelism: false,
          hookTimeout: 900_000,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
