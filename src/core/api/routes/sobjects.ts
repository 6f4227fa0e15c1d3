import type { FastifyInstance } from 'fastify'
import { objectView } from '../access/schema-view'
import { requireObject } from '../access/steps'
import { describeObject, globalDescribeEntry } from '../metadata/describe'
import type { ObjectSchema } from '../metadata/types'
import { attributesOf } from '../query/format'
import { callerOf, type RestServices } from '../services'
import { findObject } from './lookup'

/** Recently changed records shown by `GET /sobjects/{Type}`. */
const RECENT_ITEMS = 10

/**
 * `GET /sobjects` (global describe), `GET /sobjects/{Type}` (basic information and recent
 * items) and `GET /sobjects/{Type}/describe`.
 */
export function registerSObjects(api: FastifyInstance, services: RestServices): void {
  const { repository } = services
  const base = '/services/data/:version/sobjects'

  /** The objects the caller may read, as they see them (global describe lists only those). */
  const visibleSchemas = (request: Parameters<typeof callerOf>[0]): ObjectSchema[] => {
    const access = services.access(callerOf(request).user)
    return repository
      .schemas()
      .map((schema) => objectView(schema, access))
      .filter((schema): schema is ObjectSchema => schema !== undefined)
  }

  for (const url of [base, `${base}/`]) {
    api.get(url, async (request) => {
      const { version } = callerOf(request)
      return {
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: visibleSchemas(request).map((schema) => globalDescribeEntry(schema, version)),
      }
    })
  }

  for (const url of [`${base}/:type`, `${base}/:type/`]) {
    api.get<{ Params: { type: string } }>(url, async (request) => {
      const { version, user } = callerOf(request)
      const table = findObject(request.gatehouse, repository, request.params.type)
      const schema = requireObject(request.gatehouse, services.access(user), table.schema, 'read')
      const nameField = schema.fields.find((f) => f.nameField)?.name
      // Most recently changed first: by LastModifiedDate, later rows first on ties.
      const recent = table.rows
        .filter((r) => !r.deleted)
        .map((r, i) => ({ r, i, at: String(r.fields.LastModifiedDate ?? '') }))
        .sort((a, b) => (a.at === b.at ? b.i - a.i : a.at < b.at ? 1 : -1))
        .slice(0, RECENT_ITEMS)
        .map(({ r }) => ({
          attributes: attributesOf(version, schema.name, r.id),
          Id: r.id,
          ...(nameField ? { [nameField]: r.fields[nameField] ?? null } : {}),
        }))
      return { objectDescribe: globalDescribeEntry(schema, version), recentItems: recent }
    })
  }

  for (const url of [`${base}/:type/describe`, `${base}/:type/describe/`]) {
    api.get<{ Params: { type: string } }>(url, async (request) => {
      const { version, user } = callerOf(request)
      const table = findObject(request.gatehouse, repository, request.params.type)
      const schema = requireObject(request.gatehouse, services.access(user), table.schema, 'read')
      return describeObject(schema, visibleSchemas(request), version, services.engine.baseUrl)
    })
  }
}
