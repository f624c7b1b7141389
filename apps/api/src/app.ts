import compress from '@fastify/compress';
import postgres from '@fastify/postgres';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DatabaseKind } from './db/sql.js';
import { startupOptions } from './db/session-settings.js';
import { accountRoutes } from './modules/account/account.routes.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { annotationsRoutes } from './modules/annotations/annotations.routes.js';
import { areasRoutes } from './modules/areas/areas.routes.js';
import { assetWritesRoutes } from './modules/assets/asset-writes.routes.js';
import { assetsRoutes } from './modules/assets/assets.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { categoriesRoutes } from './modules/categories/categories.routes.js';
import { exportRoutes } from './modules/export/export.routes.js';
import { customAreasRoutes } from './modules/custom-areas/custom-areas.routes.js';
import { gapsRoutes } from './modules/gaps/gaps.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { metaRoutes } from './modules/meta/meta.routes.js';
import { moderationRoutes } from './modules/moderation/moderation.routes.js';
import { importsRoutes } from './modules/imports/imports.routes.js';
import { needMeasuresRoutes } from './modules/need-measures/need-measures.routes.js';
import { openReferralRoutes } from './modules/openreferral/openreferral.routes.js';
import { startProvisionJob } from './modules/provision/provision.job.js';
import { provisionRoutes } from './modules/provision/provision.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { suggestRoutes } from './modules/suggest/suggest.routes.js';
import { tilesRoutes } from './modules/tiles/tiles.routes.js';
import { registerCsrf } from './plugins/csrf.js';
import { registerRateLimit, WRITE_BODY_LIMIT } from './plugins/rate-limit.js';
import { registerDocs } from './plugins/docs.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { registerSecurity } from './plugins/security.js';
import { registerSessions } from './plugins/session.js';
import { storableTextValidatorCompiler } from './plugins/storable-text.js';
import { registerWeb } from './plugins/web.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  public: boolean;
  /** The route's own body limit, where it sets one (the body-limit test sends one byte more). */
  bodyLimit?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RegisteredRoute[];
  }
}

export interface AppOptions {
  connectionString: string;
  databaseKind: DatabaseKind;
  poolMax: number;
  /** The built web app to serve, if any. */
  webDist?: string;
  basemapStyleUrl?: string;
  trustProxy?: boolean;
  logLevel?: string;
  /** Fill never-computed provision figures in the background once ready (pnpm start; not tests). */
  provisionOnStart?: boolean;
}

/** Composes the API: plugins, then one module per domain. Listening is server.ts's job. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    trustProxy: options.trustProxy ?? false,
    // Every JSON body is a form; a route that takes files (imports) raises its own limit.
    bodyLimit: WRITE_BODY_LIMIT,
    // Tile and id paths are validated by schemas; keep routing case-sensitive and strict.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  // The route registry: tests enumerate it so no route escapes the security and error checks.
  const routes: RegisteredRoute[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, public: !route.url.startsWith('/docs'), bodyLimit: route.bodyLimit });
    }
  });
  app.setValidatorCompiler(storableTextValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(postgres, {
    connectionString: options.connectionString,
    options: startupOptions(),
    // The embedded database takes one connection; a server gets a pool.
    max: options.poolMax,
    // A new session's first ST_Transform sets up PROJ (~250 ms, measured): keep sessions
    // for minutes rather than pg's default 10 s, so quiet spells do not pay it again.
    idleTimeoutMillis: 5 * 60_000,
    // PGlite is one session shared by whoever connects over the socket, so statements a
    // previous connection prepared (search prepares by name) outlive it, and a new
    // connection would fail to prepare them again. Only one connection is open at a time:
    // start each clean, before the pool hands it out.
    ...(options.databaseKind === 'embedded' && {
      // pg-pool awaits a returned promise before handing the client out; @types/pg says void.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      onConnect: async (client: { query(text: string): Promise<unknown> }) => {
        await client.query('DEALLOCATE ALL');
      },
    }),
  });
  await registerSecurity(app, { basemapStyleUrl: options.basemapStyleUrl ?? '', https: options.trustProxy ?? false });
  // The session is read first, then the CSRF rule checks every state-changing request.
  await registerSessions(app, { secureCookies: options.trustProxy ?? false });
  registerCsrf(app);
  await registerRateLimit(app);
  // Tiles and GeoJSON shrink several times with gzip/brotli.
  await app.register(compress, { threshold: 1024, customTypes: /^(application\/(json|geo\+json|vnd\.mapbox-vector-tile)|text\/)/ });
  await registerDocs(app);

  await app.register(healthRoutes, { databaseKind: options.databaseKind });
  await app.register(authRoutes);
  await app.register(categoriesRoutes);
  await app.register(metaRoutes, { basemapStyleUrl: options.basemapStyleUrl ?? '' });
  await app.register(assetsRoutes);
  await app.register(assetWritesRoutes);
  await app.register(moderationRoutes);
  await app.register(areasRoutes);
  await app.register(provisionRoutes);
  if (options.provisionOnStart) startProvisionJob(app, options.databaseKind);
  await app.register(needMeasuresRoutes);
  await app.register(importsRoutes);
  await app.register(gapsRoutes);
  await app.register(customAreasRoutes);
  await app.register(searchRoutes);
  await app.register(suggestRoutes);
  await app.register(exportRoutes);
  await app.register(openReferralRoutes);
  await app.register(tilesRoutes, { databaseKind: options.databaseKind });
  await app.register(annotationsRoutes);
  await app.register(adminRoutes);
  await app.register(accountRoutes);
  if (options.webDist) await registerWeb(app, options.webDist);
  return app;
}
