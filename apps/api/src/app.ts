import path from 'node:path';
import compress from '@fastify/compress';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DatabaseConnection } from './db/pool-config.js';
import { startBackgroundWork, type BackgroundWorkOptions } from './background/background-work.js';
import type { DatabaseKind } from './db/sql.js';
import { REPO_ROOT, type TrustProxy } from './env.js';
import { accountRoutes } from './modules/account/account.routes.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { annotationsRoutes } from './modules/annotations/annotations.routes.js';
import { areasRoutes } from './modules/areas/areas.routes.js';
import { assetWritesRoutes } from './modules/assets/asset-writes.routes.js';
import { assetsRoutes } from './modules/assets/assets.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { categoriesRoutes } from './modules/categories/categories.routes.js';
import { exportRoutes } from './modules/export/export.routes.js';
import { coverageRoutes } from './modules/coverage/coverage.routes.js';
import { customAreasRoutes } from './modules/custom-areas/custom-areas.routes.js';
import { GAP_COMPUTATION_LIMITS, GapComputations, type GapComputationLimits } from './modules/gaps/gap-computations.js';
import { gapsRoutes } from './modules/gaps/gaps.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { metaRoutes } from './modules/meta/meta.routes.js';
import { moderationRoutes } from './modules/moderation/moderation.routes.js';
import { importsRoutes } from './modules/imports/imports.routes.js';
import { needMeasuresRoutes } from './modules/need-measures/need-measures.routes.js';
import { openReferralRoutes } from './modules/openreferral/openreferral.routes.js';
import { provisionRoutes } from './modules/provision/provision.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { suggestRoutes } from './modules/suggest/suggest.routes.js';
import { tilesRoutes } from './modules/tiles/tiles.routes.js';
import { labelsRoutes } from './modules/labels/labels.routes.js';
import { streetsRoutes } from './modules/labels/streets.routes.js';
import { registerCsrf } from './modules/auth/csrf.plugin.js';
import { registerDatabase } from './plugins/database.js';
import { registerLoadShedding } from './plugins/load-shedding.js';
import { WRITE_BODY_LIMIT } from './http/route-limits.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { registerDocs } from './plugins/docs.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { accessOf } from './modules/access/guards.js';
import type { RegisteredRoute } from './http/route-table.js';
import { registerSecurity } from './plugins/security.js';
import { registerSessions } from './modules/auth/session.plugin.js';
import { storableTextValidatorCompiler } from './plugins/storable-text.js';
import { registerWeb } from './plugins/web.js';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RegisteredRoute[];
    /** The limit on gap computations, shared by every request of this instance. */
    gapComputations: GapComputations;
  }
}

export interface AppOptions {
  connection: DatabaseConnection;
  databaseKind: DatabaseKind;
  poolMax: number;
  /** The built web app to serve, if any. */
  webDist?: string;
  /** The shipped street layers (`<DATA_DIR>/streets`); by default the repository's. */
  streetsDir?: string;
  basemapStyleUrl?: string;
  /** The proxies whose X-Forwarded-* headers to believe (TRUST_PROXY). */
  trustProxy?: TrustProxy;
  /** Served over HTTPS (Secure cookies, HSTS); by default, whenever there is a proxy in front. */
  https?: boolean;
  logLevel?: string;
  /**
   * Turn requests away while the event loop is overloaded (default). The API tests turn it off:
   * they run in the app's own process, so their own work would count as the app's load.
   */
  shedLoad?: boolean;
  /** The background work of `pnpm start` (the provision worker, cache pruning); tests drive it themselves. */
  backgroundWork?: BackgroundWorkOptions;
  /** Limits on computing gap answers (GAP_COMPUTATION_LIMITS unless set; tests lower them). */
  gapComputationLimits?: Partial<GapComputationLimits>;
}

/**
 * Limits on slow clients, so sockets that trickle a request in are not held forever
 * (slowloris): the whole request, body included, must arrive within two minutes (an
 * import's 32 MiB at ~2 Mbit/s), and its headers within 20 s. Idle keep-alive
 * connections close after 72 s, longer than common load balancers' 60 s, so the balancer
 * closes first and never sends on a socket we are closing.
 */
const SERVER_TIMEOUTS = { requestTimeout: 120_000, keepAliveTimeout: 72_000 } as const;
const HEADERS_TIMEOUT_MS = 20_000;

/** Composes the API: plugins, then one module per domain. Listening is server.ts's job. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const trustProxy = options.trustProxy ?? false;
  const behindHttps = options.https ?? trustProxy !== false;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    // A hop count n trusts the n nearest hops, as proxy-addr does for a number (Fastify's
    // types take only its function form).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    ...SERVER_TIMEOUTS,
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
      if (method !== 'HEAD') {
        routes.push({ method, url: route.url, public: !route.url.startsWith('/docs'), bodyLimit: route.bodyLimit, access: accessOf(route.preValidation) });
      }
    }
  });
  app.setValidatorCompiler(storableTextValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  if (options.shedLoad ?? true) await registerLoadShedding(app, options.databaseKind);
  await registerDatabase(app, { kind: options.databaseKind, connection: options.connection, poolMax: options.poolMax });
  app.server.headersTimeout = HEADERS_TIMEOUT_MS;
  await registerSecurity(app, { basemapStyleUrl: options.basemapStyleUrl ?? '', https: behindHttps });
  // The session is read first, then the CSRF rule checks every state-changing request.
  await registerSessions(app, { secureCookies: behindHttps });
  registerCsrf(app);
  await registerRateLimit(app);
  // Tiles and GeoJSON shrink several times with gzip/brotli.
  await app.register(compress, { threshold: 1024, customTypes: /^(application\/(json|geo\+json|vnd\.mapbox-vector-tile)|text\/)/ });
  await registerDocs(app, () => app.routeTable);

  await app.register(healthRoutes, { databaseKind: options.databaseKind });
  await app.register(authRoutes);
  await app.register(categoriesRoutes);
  await app.register(metaRoutes, { basemapStyleUrl: options.basemapStyleUrl ?? '' });
  await app.register(assetsRoutes);
  await app.register(assetWritesRoutes);
  await app.register(moderationRoutes);
  await app.register(areasRoutes);
  await app.register(provisionRoutes);
  if (options.backgroundWork) startBackgroundWork(app, options.databaseKind, options.backgroundWork);
  app.decorate('gapComputations', new GapComputations(app.pg.pool, options.databaseKind, { ...GAP_COMPUTATION_LIMITS, ...options.gapComputationLimits }));
  await app.register(needMeasuresRoutes);
  await app.register(importsRoutes);
  await app.register(gapsRoutes);
  await app.register(coverageRoutes);
  await app.register(customAreasRoutes);
  await app.register(searchRoutes);
  await app.register(suggestRoutes);
  await app.register(exportRoutes);
  await app.register(openReferralRoutes);
  await app.register(tilesRoutes, { databaseKind: options.databaseKind });
  await app.register(labelsRoutes);
  await app.register(streetsRoutes, { streetsDir: options.streetsDir ?? path.join(REPO_ROOT, 'data', 'streets') });
  await app.register(annotationsRoutes);
  await app.register(adminRoutes);
  await app.register(accountRoutes);
  if (options.webDist) await registerWeb(app, options.webDist);
  return app;
}
