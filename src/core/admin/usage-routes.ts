import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import { OAuthUsage } from '../oauth/usage'
import { notFound } from './errors'
import { consumerKeyParams } from './input-schemas'
import { route, type AdminRoute } from './route'

/** OAuth usage (README "OAuth usage"): who authorized which app, and pulling access. */

const authorizationSchema = z.object({
  id: z.string(),
  app: z.object({ consumerKey: z.string(), name: z.string().nullable() }),
  user: z.object({ id: z.string(), username: z.string().nullable() }),
  scopes: z.array(z.string()),
  how: z
    .array(z.string())
    .describe('consent, pre-authorized, JWT bearer, client credentials run-as, device …'),
  flows: z.array(z.string()),
  firstUse: z.string(),
  lastUse: z.string(),
  grants: z.number(),
  liveGrants: z.number(),
  accessTokens: z.object({ live: z.number(), expiresAt: z.string().nullable() }),
  refreshTokens: z.object({ live: z.number() }),
  consentedAt: z.string().nullable(),
  active: z.boolean(),
})

const grantsQuery = z.strictObject({
  app: z.string().min(1).optional().describe('Consumer key or app name.'),
  user: z.string().min(1).optional().describe('User id or username.'),
  active: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .transform((value) => value === 'true')
    .optional()
    .describe('true: only authorizations with a grant in force; false: only revoked ones.'),
})

const grantParams = z.strictObject({ id: z.string().min(1) })

export function usageRoutes(engine: Gatehouse): AdminRoute[] {
  const usage = new OAuthUsage(engine)
  return [
    route({
      method: 'GET',
      path: '/grants',
      operationId: 'listGrants',
      tag: 'OAuth usage',
      summary:
        'Each user’s authorization of each app: scopes, how, first and last use, live tokens',
      query: grantsQuery,
      response: {
        status: 200,
        description: 'Newest use first.',
        schema: z.array(authorizationSchema),
      },
      handler: ({ query }) => usage.list(query),
    }),
    route({
      method: 'DELETE',
      path: '/grants/{id}',
      operationId: 'revokeGrant',
      tag: 'OAuth usage',
      summary:
        'Revoke a user’s authorization of an app: its tokens stop working, its consent is forgotten',
      params: grantParams,
      errors: [404],
      response: { status: 204, description: 'Revoked.' },
      handler: ({ params, request }) => {
        const call = { method: request.method, url: request.url, status: 204 }
        if (!usage.revoke(params.id, call)) throw notFound(`no authorization has id ${params.id}`)
      },
    }),
    route({
      method: 'POST',
      path: '/apps/{consumerKey}/revoke-all',
      operationId: 'revokeAllOfApp',
      tag: 'OAuth usage',
      summary: 'Revoke every user’s authorization of the app',
      params: consumerKeyParams,
      errors: [404],
      response: {
        status: 200,
        description: 'How many users and grants were revoked.',
        schema: z.object({ users: z.number(), grants: z.number() }),
      },
      handler: ({ params, request }) => {
        const app = engine.store.workspace.findAppByConsumerKey(params.consumerKey)
        if (!app) throw notFound(`no app has consumer key ${params.consumerKey}`)
        return usage.revokeAll(app, { method: request.method, url: request.url, status: 200 })
      },
    }),
  ]
}
