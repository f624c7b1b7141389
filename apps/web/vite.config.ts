import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Where the API runs in development (`pnpm dev` starts it on port 3000); API_ORIGIN overrides. */
const API_ORIGIN = process.env.API_ORIGIN ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    // The API serves hashed files from /_app/; /assets/:id is an app route, so nothing
    // may be built under /assets.
    assetsDir: '_app',
    sourcemap: true,
    // MapLibre alone is about 1 MB; splitting it off keeps the app's own chunk small and
    // lets browsers cache the map library across releases.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // The drawing library is only for the area builder, which loads it when opened.
            { name: 'terra-draw', test: /node_modules[\\/].*terra-draw/, priority: 30 },
            // Read only to say "Open now" (loaded after first paint: lib/use-opening-status.ts) and in the hours editor.
            { name: 'opening-hours', test: /node_modules[\\/].*opening_hours/, priority: 30 },
            { name: 'maplibre', test: /node_modules[\\/].*maplibre/, priority: 20 },
            // What the shell itself runs on. Other libraries go with the pages that use them
            // (csv-parse with the import screen, turf with the area builder), not in the first load.
            { name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|zod)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': API_ORIGIN,
      '/tiles': API_ORIGIN,
      '/openreferral': API_ORIGIN,
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
