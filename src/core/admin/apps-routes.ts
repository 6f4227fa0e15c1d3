import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import { newConsumerSecret, type Workspace, type WorkspaceApp } from '../workspace'
import { invalidRequest, notFound } from './errors'
import { appInput, consumerKeyParams } from './input-schemas'
import { rotatedSecretSchema } from './output-schemas'
import { route, type AdminRoute } from './route'
import { editWorkspace } from './workspace-edit'

type AppBody = z.output<typeof appInput>

/** Apps as the API shows them: the consumer secret is shown once, when it is made. */
function appView(app: WorkspaceApp): Omit<WorkspaceApp, 'consumerSecret'> {
  const { consumerSecret: _secret, ...rest } = app
  return rest
}

function indexOf(ws: Workspace, consumerKey: string): number {
  const index = ws.apps.findIndex((app) => app.consumerKey === consumerKey)
  if (index === -1) throw notFound(`no app has consumer key ${consumerKey}`)
  return index
}

function findApp(engine: Gatehouse, consumerKey: string): WorkspaceApp {
  const app = engine.store.workspace.findAppByConsumerKey(consumerKey)
  if (!app) throw notFound(`no app has consumer key ${consumerKey}`)
  return app
}

export function appRoutes(engine: Gatehouse): AdminRoute[] {
  return [
    route({
      method: 'GET',
      path: '/apps',
      operationId: 'listApps',
      tag: 'Workspace',
      summary: 'List the connected and external client apps (without their secrets)',
      response: {
        status: 200,
        description: 'The apps, in workspace order.',
        schema: z.array(appInput),
      },
      handler: () => engine.store.workspace.listApps().map(appView),
    }),
    route({
      method: 'POST',
      path: '/apps',
      operationId: 'createApp',
      tag: 'Workspace',
      summary: 'Add an app; a missing consumer key or secret is generated',
      description: 'The answer is the only time the consumer secret is shown.',
      body: appInput,
      response: {
        status: 201,
        description: 'The app as stored, and its consumer secret (shown this once).',
        schema: z.object({ app: appInput, consumerSecret: z.string() }),
      },
      handler: ({ body }) => {
        let index = 0
        const ws = editWorkspace(engine, (draft) => {
          index = draft.apps.push(body as WorkspaceApp) - 1
          return { collection: 'apps', index }
        })
        const app = ws.apps[index]!
        return { app: appView(app), consumerSecret: app.consumerSecret }
      },
    }),
    route({
      method: 'GET',
      path: '/apps/{consumerKey}',
      operationId: 'getApp',
      tag: 'Workspace',
      summary: 'One app (without its secret)',
      params: consumerKeyParams,
      errors: [404],
      response: { status: 200, description: 'The app.', schema: appInput },
      handler: ({ params }) => appView(findApp(engine, params.consumerKey)),
    }),
    route({
      method: 'PUT',
      path: '/apps/{consumerKey}',
      operationId: 'replaceApp',
      tag: 'Workspace',
      summary: 'Replace an app; an omitted consumer secret is kept',
      params: consumerKeyParams,
      body: appInput,
      errors: [404],
      response: { status: 200, description: 'The app as stored.', schema: appInput },
      handler: ({ params, body }) => {
        const replacement: AppBody = body
        let index = 0
        const ws = editWorkspace(engine, (draft) => {
          index = indexOf(draft, params.consumerKey)
          if (
            replacement.consumerKey !== undefined &&
            replacement.consumerKey !== params.consumerKey
          ) {
            throw invalidRequest([
              {
                in: 'body',
                path: 'consumerKey',
                message: `must equal the consumer key in the URL (${params.consumerKey}) or be left out`,
              },
            ])
          }
          const current = draft.apps[index]!
          draft.apps[index] = {
            ...replacement,
            consumerKey: current.consumerKey,
            consumerSecret: replacement.consumerSecret ?? current.consumerSecret,
          } as WorkspaceApp
          return { collection: 'apps', index }
        })
        return appView(ws.apps[index]!)
      },
    }),
    route({
      method: 'DELETE',
      path: '/apps/{consumerKey}',
      operationId: 'deleteApp',
      tag: 'Workspace',
      summary: 'Remove an app',
      params: consumerKeyParams,
      errors: [404],
      response: { status: 204, description: 'Removed.' },
      handler: ({ params }) => {
        editWorkspace(engine, (draft) => {
          draft.apps.splice(indexOf(draft, params.consumerKey), 1)
        })
      },
    }),
    route({
      method: 'POST',
      path: '/apps/{consumerKey}/secret',
      operationId: 'rotateConsumerSecret',
      tag: 'Workspace',
      summary: 'Give an app a new consumer secret (shown in this answer only)',
      description: 'Tokens already issued stay valid; the old secret stops working at once.',
      params: consumerKeyParams,
      errors: [404],
      response: { status: 200, description: 'The new secret.', schema: rotatedSecretSchema },
      handler: ({ params }) => {
        const secret = newConsumerSecret()
        editWorkspace(engine, (draft) => {
          const index = indexOf(draft, params.consumerKey)
          draft.apps[index] = { ...draft.apps[index]!, consumerSecret: secret }
          return { collection: 'apps', index }
        })
        return { consumerKey: params.consumerKey, consumerSecret: secret }
      },
    }),
  ]
}
