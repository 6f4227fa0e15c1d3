import type { Gatehouse } from '../../gatehouse'
import { sfErrors } from '../../salesforce/oauth-errors'
import { constantTimeEqual } from '../../tokens/random'
import type { WorkspaceApp } from '../../workspace'
import { readClientCredentials, secretMatches, type ClientCredentials } from '../client-auth'
import type { Params } from '../params'
import { check, skipped, step, type HasStepLog } from '../steps'

/**
 * Client authentication for introspection and revocation, as the client.lookup and
 * client.secret steps. `required`: introspection needs the consumer key and secret.
 * `optional`: Salesforce's revoke endpoint takes the token alone; credentials, when
 * presented, must be right and then restrict the call to the client's own tokens.
 * Failures are 401 invalid_client with the same body for an unknown key and a wrong secret.
 */
export async function authenticateClient(
  ctx: HasStepLog,
  engine: Gatehouse,
  params: Params,
  authorization: string | undefined,
  mode: 'required',
): Promise<WorkspaceApp>
export async function authenticateClient(
  ctx: HasStepLog,
  engine: Gatehouse,
  params: Params,
  authorization: string | undefined,
  mode: 'optional',
): Promise<WorkspaceApp | undefined>
export async function authenticateClient(
  ctx: HasStepLog,
  engine: Gatehouse,
  params: Params,
  authorization: string | undefined,
  mode: 'required' | 'optional',
): Promise<WorkspaceApp | undefined> {
  let credentials: ClientCredentials | undefined
  let app: WorkspaceApp | undefined

  await check(
    ctx,
    step('client.lookup', () => {
      credentials = readClientCredentials(params, authorization)
      const { clientId, method } = credentials
      if (clientId === undefined) {
        if (mode === 'optional') {
          return skipped(
            'no client credentials presented; Salesforce accepts the token alone at this endpoint',
          )
        }
        throw sfErrors
          .invalidClientUnauthorized()
          .because('no client_id: neither an HTTP Basic header nor client_id in the body')
      }
      app = engine.store.workspace.findAppByConsumerKey(clientId)
      if (!app) {
        // Spend the comparison anyway, so an unknown key answers as fast as a wrong secret.
        constantTimeEqual(credentials.clientSecret ?? '', clientId)
        throw sfErrors
          .invalidClientUnauthorized()
          .because(`no app in the workspace has consumer key ${clientId}`)
      }
      const via = method === 'basic' ? 'HTTP Basic' : 'the request body'
      return `client_id ${clientId} is app ${app.name} (credentials in ${via})`
    }),
  )

  if (!app || !credentials) return undefined
  const found = app
  const { clientSecret } = credentials
  await check(
    ctx,
    step('client.secret', () => {
      if (mode === 'optional' && clientSecret === undefined) {
        return skipped(`no client_secret presented; the client is identified by client_id only`)
      }
      if (!secretMatches(clientSecret, found.consumerSecret)) {
        throw sfErrors
          .invalidClientUnauthorized()
          .because(
            clientSecret === undefined
              ? `no client_secret presented for app ${found.name}`
              : `the client_secret does not match app ${found.name}'s consumer secret (compared in constant time)`,
          )
      }
      return `client_secret matches app ${found.name}'s consumer secret (compared in constant time)`
    }),
  )
  return found
}
