import { findUnstorableText } from '@common-ground/schema';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z, type ZodType } from 'zod';

/** Any value whose strings (and keys), however deep, PostgreSQL can store as text. */
const StorableText = z.unknown().superRefine((value, ctx) => {
  for (const found of findUnstorableText(value)) ctx.addIssue({ code: 'custom', path: found.path, message: found.message });
});

/**
 * The API's validator compiler: zod's, behind one check of the raw input. Every query string,
 * path parameter and body is walked before its route's schema sees it, and a NUL or a lone
 * surrogate anywhere in it is a 400 naming the field (`querystring.q`, `body.asset.languages.1`),
 * shaped like any other validation error.
 *
 * Why here rather than a refinement on each string schema: a check that every `z.string()`
 * must remember to call is one a new route, a `z.record`, a `z.unknown()` or a string inside a
 * union can miss, and PostgreSQL then answers 500 (SQLSTATE 22021/22P05, or invalid UTF-8).
 * The compiler runs for every part of every route that has a schema, so none can miss it;
 * and it runs as validation does, after the routes' preValidation access guards, so the
 * anonymous still get their 401 before anything about the body. Routes read only the parts
 * they declare a schema for (the typed request has nothing else), so no unchecked string
 * reaches a query. The pipe stops at the first failure: zod's own refinements and transforms
 * never see the text.
 */
export const storableTextValidatorCompiler: FastifySchemaCompiler<ZodType> = (route) =>
  validatorCompiler({ ...route, schema: StorableText.pipe(route.schema) });
