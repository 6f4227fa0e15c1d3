import type { Gatehouse } from '../gatehouse'
import { demoWorkspace, workspaceJsonSchema, type Workspace } from '../workspace'
import { workspaceQuery } from './input-schemas'
import { route, type AdminRoute } from './route'

/** Workspaces may carry many records; well above the server's 1 MiB default. */
const WORKSPACE_BODY_LIMIT = 16 * 1024 * 1024

export function workspaceRoutes(engine: Gatehouse): AdminRoute[] {
  return [
    route({
      method: 'GET',
      path: '/workspace',
      operationId: 'getWorkspace',
      tag: 'Workspace',
      summary: 'The whole workspace, as a workspace file',
      description: 'With redact=true, consumer secrets are left out and passwords blanked.',
      query: workspaceQuery,
      response: { status: 200, description: 'The workspace.', component: 'Workspace' },
      handler: ({ query }) => engine.exportWorkspace({ redact: query.redact ?? false }),
    }),
    route({
      method: 'PUT',
      path: '/workspace',
      operationId: 'putWorkspace',
      tag: 'Workspace',
      summary: 'Replace the whole workspace (validated; nothing changes when it is invalid)',
      bodyDocs: 'Workspace',
      bodyLimit: WORKSPACE_BODY_LIMIT,
      response: {
        status: 200,
        description: 'The workspace as loaded, defaults filled in.',
        component: 'Workspace',
      },
      handler: ({ request }): Workspace => engine.importWorkspace(request.body),
    }),
    route({
      method: 'POST',
      path: '/workspace/reset',
      operationId: 'resetWorkspace',
      tag: 'Workspace',
      summary: 'Load the demo workspace',
      response: { status: 200, description: 'The demo workspace.', component: 'Workspace' },
      handler: (): Workspace => engine.importWorkspace(demoWorkspace()),
    }),
    route({
      method: 'GET',
      path: '/workspace/schema',
      operationId: 'getWorkspaceSchema',
      tag: 'Workspace',
      summary: 'The JSON Schema of workspace files (for editors)',
      response: { status: 200, description: 'JSON Schema 2020-12.' },
      handler: () => workspaceJsonSchema(),
    }),
  ]
}
