import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { RegisteredRoute } from '../http/route-table.js';
import { completeOpenApiDocument, type OpenApiDocument } from '../http/openapi-document.js';

/** OpenAPI generated from the same zod schemas the routes validate with, served at /docs. */
export async function registerDocs(app: FastifyInstance, routeTable: () => readonly RegisteredRoute[]): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Common Ground API',
        description: 'Community assets and neighbourhood deprivation in England.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
    // What the zod schemas cannot say (security, every status and media type): http/openapi-document.ts.
    transformObject: (documentObject) =>
      completeOpenApiDocument((documentObject as unknown as { openapiObject: OpenApiDocument }).openapiObject, routeTable()) as never,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
