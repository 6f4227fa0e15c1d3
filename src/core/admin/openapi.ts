import { z } from 'zod'
import { ADMIN_API_PREFIX } from '../../shared/admin-api'
import { workspaceJsonSchema } from '../workspace'
import { appInput, profileInput, userInput } from './input-schemas'
import * as out from './output-schemas'
import type { AdminRoute } from './route'

type JsonSchema = Record<string, unknown>

const COMPONENT_REF = (id: string) => `#/components/schemas/${id}`

/** Named schemas: documented once under components, referred to everywhere else. */
const responses = z.registry<{ id: string }>()
responses.add(out.adminErrorSchema, { id: 'AdminError' })
responses.add(out.stepRecordSchema, { id: 'StepRecord' })
responses.add(out.capturedBodySchema, { id: 'CapturedBody' })
responses.add(out.decodedJwtSchema, { id: 'DecodedJwt' })
responses.add(out.exchangeSummarySchema, { id: 'ExchangeSummary' })
responses.add(out.exchangeDetailSchema, { id: 'ExchangeDetail' })
responses.add(out.exchangePageSchema, { id: 'ExchangePage' })
responses.add(out.flowSummarySchema, { id: 'FlowSummary' })
responses.add(out.flowDetailSchema, { id: 'FlowDetail' })
responses.add(out.flowPageSchema, { id: 'FlowPage' })
responses.add(out.clockSchema, { id: 'Clock' })
responses.add(out.keysSchema, { id: 'Keys' })
responses.add(out.rotatedSecretSchema, { id: 'RotatedSecret' })
responses.add(out.traceStatsSchema, { id: 'TraceStats' })
responses.add(out.statusSchema, { id: 'Status' })
responses.add(out.harSchema, { id: 'Har' })

// Workspace parts are documented as a file author writes them (defaults optional).
const inputs = z.registry<{ id: string }>()
inputs.add(appInput, { id: 'App' })
inputs.add(userInput, { id: 'User' })
inputs.add(profileInput, { id: 'Profile' })

/** A schema as OpenAPI 3.1 embeds it: no $schema or $id of its own. */
function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema
  return rest
}

function components(): Record<string, JsonSchema> {
  const all: Record<string, JsonSchema> = {}
  const generated = [
    z.toJSONSchema(responses, { io: 'output', uri: COMPONENT_REF }),
    z.toJSONSchema(inputs, { io: 'input', uri: COMPONENT_REF }),
  ]
  for (const { schemas } of generated) {
    for (const [id, schema] of Object.entries(schemas)) all[id] = embedded(schema as JsonSchema)
  }
  all.Workspace = embedded(workspaceJsonSchema())
  return all
}

function componentId(schema: z.ZodType): string | undefined {
  return responses.get(schema)?.id ?? inputs.get(schema)?.id
}

/**
 * A named schema by reference; arrays of named schemas, and objects whose fields are
 * named schemas (all required), are spelt out around their references; anything else inline.
 */
function schemaFor(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const id = componentId(schema)
  if (id) return { $ref: COMPONENT_REF(id) }
  if (schema instanceof z.ZodArray) {
    return { type: 'array', items: schemaFor(schema.element as z.ZodType, io) }
  }
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : null
  if (shape && Object.values(shape).some((field) => componentId(field))) {
    return {
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(shape).map(([name, field]) => [name, schemaFor(field, io)]),
      ),
      required: Object.keys(shape),
    }
  }
  return embedded(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema)
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return []
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    properties?: Record<string, JsonSchema>
    required?: string[]
  }
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    }
  })
}

const ERROR_WORDS: Record<number, string> = {
  400: 'The request is not valid; `issues` names each bad field and where it is.',
  401: 'No admin token, or the wrong one.',
  403: 'A request from a foreign origin.',
  404: 'No such item.',
  503: 'Recording is turned off.',
}

function operation(route: AdminRoute): JsonSchema {
  const errorStatuses = new Set([401, ...(route.errors ?? [])])
  if (route.params || route.query || route.body || route.bodyDocs) errorStatuses.add(400)
  const responsesDoc: Record<string, JsonSchema> = {}
  const { response } = route
  responsesDoc[String(response.status)] = {
    description: response.description,
    ...(response.schema || response.component
      ? {
          content: {
            [response.contentType ?? 'application/json']: {
              schema: response.component
                ? { $ref: COMPONENT_REF(response.component) }
                : schemaFor(response.schema!, 'output'),
            },
          },
        }
      : {}),
  }
  for (const status of [...errorStatuses].sort()) {
    responsesDoc[String(status)] = {
      description: ERROR_WORDS[status] ?? 'Error.',
      content: { 'application/json': { schema: { $ref: COMPONENT_REF('AdminError') } } },
    }
  }
  const bodyDoc = route.bodyDocs
    ? { $ref: COMPONENT_REF(route.bodyDocs) }
    : route.body && schemaFor(route.body, 'input')
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(bodyDoc
      ? { requestBody: { required: true, content: { 'application/json': { schema: bodyDoc } } } }
      : {}),
    responses: responsesDoc,
  }
}

/** The OpenAPI 3.1 description of the admin API, generated from the routes' zod schemas. */
export function buildOpenApi(routes: readonly AdminRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const route of routes) {
    const path = ADMIN_API_PREFIX + route.path
    paths[path] ??= {}
    paths[path][route.method.toLowerCase()] = operation(route)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse admin API',
      version,
      description:
        'Reads and steers a running Gatehouse: the workspace, the clock, keys, and the flow ' +
        'trace. Every request needs `Authorization: Bearer <admin token>` (printed by ' +
        '`gatehouse serve` in the UI address). CORS is closed.',
    },
    security: [{ adminToken: [] }],
    paths,
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
      schemas: components(),
    },
  }
}
