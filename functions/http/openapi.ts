import * as z from 'zod';
import { type RouteDefinition, rolesOf, routes } from './routes';
import { ErrorBody } from './schemas';

type JsonSchema = Record<string, unknown>;

/*
 * zod writes `format: "uri"` for z.url(), which claims RFC 3986; the server parses with the WHATWG
 * URL standard, which takes more (a leading space, `https:host`, a tab inside). The document must
 * not refuse what the server takes, so the format goes; the field's pattern and description stay.
 */
const override = ({ jsonSchema }: { jsonSchema: JsonSchema }): void => {
  if (jsonSchema.format === 'uri') delete jsonSchema.format;
};

/** A zod schema as the JSON Schema of what a client sends (before transforms and defaults). */
const inputSchema = (schema: z.ZodType): JsonSchema => {
  const json = z.toJSONSchema(schema, { io: 'input', override }) as JsonSchema;
  delete json.$schema;
  return json;
};

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
    override,
  }) as { schemas: Record<string, JsonSchema> };
  for (const schema of Object.values(components)) {
    delete schema.$schema;
    delete schema.$id;
  }

  const ref = (schema: z.ZodType): JsonSchema => {
    const id = (schema.meta() as { id?: string } | undefined)?.id;
    return id ? { $ref: `#/components/schemas/${id}` } : inputSchema(schema);
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
          description:
            'Access token of the admin sign-in (OpenID Connect, authorization code with PKCE): Cognito’s, locally the local provider’s or .local/admin-token. The caller needs one of the operation’s `x-roles` in `cognito:groups`, or gets 403 FORBIDDEN.',
        },
      },
    },
  };
};

const operation = (route: RouteDefinition, ref: (schema: z.ZodType) => JsonSchema) => {
  // Each parameter is documented from the schema its handler checks it with (pathParameterAs,
  // queryParameterAs); a query parameter is required when its schema takes no `undefined`.
  const parameters = [
    ...[...route.path.matchAll(/\{(\w+)\}/g)].map((match) => {
      const name = match[1] as string;
      const schema = route.parameters?.path?.[name];
      return { name, in: 'path', required: true, schema: schema ? inputSchema(schema) : { type: 'string' } };
    }),
    ...Object.entries(route.parameters?.query ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      schema: inputSchema(schema),
    })),
  ];
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
      // The codes again, machine-readable: the `error` field of the body is one of them.
      'x-error-codes': codes,
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
    ...(route.access === 'admin' ? { security: [{ adminBearer: [] }], 'x-roles': [...rolesOf(route)] } : {}),
  };
};
