import * as z from 'zod';
import { type RouteDefinition, routes } from './routes';
import { ErrorBody } from './schemas';

type JsonSchema = Record<string, unknown>;

/**
 * Builds the OpenAPI 3.1 document from the route table and its zod schemas. Schemas with a
 * `meta({ id })` become reusable components; admin routes carry the bearer security requirement.
 */
export const openApiDocument = (): Record<string, unknown> => {
  // Every schema given a `meta({ id })` (the contract's named types, nested ones included) is in
  // zod's global registry; the route table imports them all.
  const { schemas: components } = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    io: 'input',
  }) as { schemas: Record<string, JsonSchema> };
  for (const schema of Object.values(components)) {
    delete schema.$schema;
    delete schema.$id;
  }

  const ref = (schema: z.ZodType): JsonSchema => {
    const id = (schema.meta() as { id?: string } | undefined)?.id;
    return id
      ? { $ref: `#/components/schemas/${id}` }
      : (z.toJSONSchema(schema, { io: 'input' }) as JsonSchema);
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route, ref);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Municipal sustainability network',
      version: '1',
      description:
        'Meetings, registrations and the back office of a network of Swedish municipalities. Times are Europe/Stockholm. Errors are `{ error, message, issues? }`.',
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        adminBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito access token (local: .local/admin-token)',
        },
      },
    },
  };
};

const operation = (route: RouteDefinition, ref: (schema: z.ZodType) => JsonSchema) => {
  const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const responses: Record<string, unknown> = {
    [route.success.status]: {
      description: 'Success',
      content: {
        'application/json': {
          schema: route.success.body === 'openapi' ? { type: 'object' } : ref(route.success.body),
        },
      },
    },
  };
  for (const [status, codes] of Object.entries(route.errors)) {
    responses[status] = {
      description: codes.join(', '),
      content: { 'application/json': { schema: ref(ErrorBody) } },
    };
  }
  return {
    operationId: route.name,
    summary: route.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.requestBody || route.rawRequestBody
      ? {
          requestBody: {
            required: true,
            ...(route.rawRequestBody ? { description: route.rawRequestBody.description } : {}),
            content: {
              ...(route.requestBody ? { 'application/json': { schema: ref(route.requestBody) } } : {}),
              ...(route.rawRequestBody
                ? { [route.rawRequestBody.contentType]: { schema: { type: 'string' } } }
                : {}),
            },
          },
        }
      : {}),
    responses,
    ...(route.access === 'admin' ? { security: [{ adminBearer: [] }] } : {}),
  };
};
