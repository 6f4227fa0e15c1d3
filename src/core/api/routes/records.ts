import type { FastifyInstance, FastifyRequest } from 'fastify'
import { requireObject } from '../access/steps'
import { restErrors } from '../errors'
import type { ObjectSchema } from '../metadata/types'
import type { ApiRecord } from '../records/record'
import type { RecordTable } from '../records/table'
import { prepareCreate, prepareDelete, prepareUpdate, type WriteContext } from '../records/write'
import { attributesOf } from '../query/format'
import { callerOf, type RestServices } from '../services'
import { restStep } from '../steps'
import { findObject, findRecord } from './lookup'

/**
 * Record CRUD: `POST /sobjects/{Type}` → 201 `{id, success, errors}`;
 * `GET /sobjects/{Type}/{Id}[?fields=A,B]`; `PATCH` → 204; `DELETE` → 204 (to the recycle
 * bin: queryAll still sees the record, every other call answers ENTITY_IS_DELETED).
 */

type TypeParams = { Params: { version: string; type: string } }
type RecordParams = { Params: { version: string; type: string; id: string } }

function writable(
  request: FastifyRequest,
  table: RecordTable,
  operation: 'create' | 'update' | 'delete',
) {
  const { schema } = table
  const allowed =
    operation === 'create'
      ? schema.createable
      : operation === 'update'
        ? schema.updateable
        : schema.deletable
  restStep(
    request.gatehouse,
    'rest.operation',
    () => {
      if (!allowed || !table.writable) {
        if (operation === 'create') throw restErrors.cannotInsert(schema.name)
        if (operation === 'update') throw restErrors.cannotUpdate(schema.name)
        throw restErrors.cannotDelete(schema.name)
      }
      return { detail: `${schema.name} records can be ${operation}d`, value: null }
    },
    () => `${schema.name} is defined by the workspace; the API cannot ${operation} its records`,
  )
}

/** The record's fields as Salesforce returns them, or only those `?fields=` names. */
function recordBody(
  request: FastifyRequest,
  schema: ObjectSchema,
  record: ApiRecord,
  version: string,
) {
  const query = request.query as { fields?: string }
  const body: Record<string, unknown> = {
    attributes: attributesOf(version, schema.name, record.id),
  }
  if (query.fields === undefined) {
    for (const field of schema.fields) body[field.name] = record.fields[field.name] ?? null
    return body
  }
  const names = query.fields
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
  const fields = restStep(request.gatehouse, 'rest.fields', () => {
    const found = names.map((name) => {
      const field = schema.field(name)
      if (!field) throw restErrors.noSuchColumnOnEntity(name, schema.name)
      return field
    })
    return { detail: `fields ${found.map((f) => f.name).join(', ')}`, value: found }
  })
  for (const field of fields) body[field.name] = record.fields[field.name] ?? null
  return body
}

export function registerRecords(api: FastifyInstance, services: RestServices): void {
  const { repository, engine } = services
  const base = '/services/data/:version/sobjects/:type'
  const accessOf = (request: FastifyRequest) => services.access(callerOf(request).user)
  /** The object permission the call needs (rest.object_access); the object as the user sees it. */
  const allowed = (
    request: FastifyRequest,
    table: RecordTable,
    right: 'read' | 'create' | 'edit' | 'delete',
  ) => requireObject(request.gatehouse, accessOf(request), table.schema, right)
  const writeContext = (
    request: FastifyRequest,
    table: RecordTable,
    schema: ObjectSchema,
  ): WriteContext => {
    const access = accessOf(request)
    return {
      repository,
      table,
      schema,
      canRead: (object) => access.object(object, 'read').allowed,
      userId: callerOf(request).user.id,
      now: engine.clock.now(),
    }
  }

  for (const url of [base, `${base}/`]) {
    api.post<TypeParams>(url, async (request, reply) => {
      const table = findObject(request.gatehouse, repository, request.params.type)
      writable(request, table, 'create')
      const schema = allowed(request, table, 'create')
      const data = restStep(request.gatehouse, 'rest.fields', () => ({
        detail: 'the fields are known, writable, of the right type and complete',
        value: prepareCreate(writeContext(request, table, schema), request.body),
      }))
      const record = repository.insert(table, data)
      return reply.code(201).send({ id: record.id, success: true, errors: [] })
    })
    api.route({
      method: ['PUT', 'PATCH', 'DELETE'],
      url,
      handler: async (request) => {
        throw restErrors.methodNotAllowed(request.method, 'HEAD,GET,POST')
      },
    })
  }

  const one = `${base}/:id`
  api.get<RecordParams>(one, async (request) => {
    const { version } = callerOf(request)
    const table = findObject(request.gatehouse, repository, request.params.type)
    const schema = allowed(request, table, 'read')
    const record = findRecord(request.gatehouse, table, request.params.id)
    return recordBody(request, schema, record, version)
  })

  api.patch<RecordParams>(one, async (request, reply) => {
    const table = findObject(request.gatehouse, repository, request.params.type)
    writable(request, table, 'update')
    const schema = allowed(request, table, 'edit')
    const record = findRecord(request.gatehouse, table, request.params.id)
    const data = restStep(request.gatehouse, 'rest.fields', () => ({
      detail: 'the fields are known, writable and of the right type',
      value: prepareUpdate(writeContext(request, table, schema), record, request.body),
    }))
    repository.replace(table, record, data)
    return reply.code(204).send()
  })

  api.delete<RecordParams>(one, async (request, reply) => {
    const table = findObject(request.gatehouse, repository, request.params.type)
    writable(request, table, 'delete')
    const schema = allowed(request, table, 'delete')
    const record = findRecord(request.gatehouse, table, request.params.id)
    repository.replace(table, record, prepareDelete(writeContext(request, table, schema), record))
    return reply.code(204).send()
  })

  api.route({
    method: ['POST', 'PUT'],
    url: one,
    handler: async (request) => {
      throw restErrors.methodNotAllowed(request.method, 'HEAD,GET,PATCH,DELETE')
    },
  })
}
