import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Origins of a configured basemap (style, tiles, glyphs and sprites usually share one). */
function basemapOrigins(styleUrl: string): string[] {
  if (!styleUrl) return [];
  try {
    return [new URL(styleUrl).origin];
  } catch {
    return [];
  }
}

/**
 * Security headers. The content-security policy lets MapLibre run (its worker may start
 * from a blob: URL; tiles decode into blob:/data: images) and fetch a configured
 * basemap host, and nothing else. `/embed` may be framed by partners' sites; every
 * other page may not.
 */
export async function registerSecurity(app: FastifyInstance, options: { basemapStyleUrl: string; https: boolean }) {
  const basemap = basemapOrigins(options.basemapStyleUrl);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
        connectSrc: ["'self'", ...basemap],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: options.https ? [] : null,
      },
    },
    // Partners' sites must be able to show tiles and the embed page.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: options.https ? { maxAge: 15552000, includeSubDomains: true } : false,
  });

  // The embeddable page may be framed anywhere: relax just its framing rules.
  app.addHook('onSend', async (request, reply) => {
    if (request.url === '/embed' || request.url.startsWith('/embed?') || request.url.startsWith('/embed/')) {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') {
        reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", 'frame-ancestors *'));
      }
      reply.removeHeader('x-frame-options');
    }
  });
}
