import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { ajv as contractsAjv, createAjv } from '@tongban/schemas';

/**
 * Route schemas are compiled by our own Ajv 2020 instances (STYLE.md): bodies by the shared contracts instance
 * (no coercion, unknown fields are errors), query strings, params and headers by a sibling instance that
 * coerces strings to the declared scalar types, as HTTP requires. Installed through the server's
 * `schemaController.compilersFactory` so every encapsulated context uses it, including those that add schemas.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercingAjv = createAjv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => {
    const target = httpPart === 'body' ? contractsAjv : coercingAjv;
    const withId = schema as FastifySchema & { $id?: string };
    if (withId.$id) {
      const existing = target.getSchema(withId.$id);
      if (existing) return existing;
    }
    return target.compile(schema as object);
  };
}
