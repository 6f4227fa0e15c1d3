import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import type { Workspace, WorkspacePermissionSet } from '../workspace'
import { workspaceSchema } from '../workspace/schema'
import { notFound } from './errors'
import { route, type AdminRoute } from './route'
import { editWorkspace } from './workspace-edit'

/**
 * Permission sets (README "Object and field permissions"): their object and field
 * permissions add to what a user's profile grants.
 */

const permissionSetInput = workspaceSchema.shape.permissionSets.unwrap().element
const nameParams = z.strictObject({ name: z.string().min(1) })

function indexOf(ws: Workspace, name: string): number {
  const index = ws.permissionSets.findIndex((set) => set.name === name)
  if (index === -1) throw notFound(`no permission set is named ${name}`)
  return index
}

export function permissionSetRoutes(engine: Gatehouse): AdminRoute[] {
  const one = {
    status: 200,
    description: 'The permission set as stored.',
    schema: permissionSetInput,
  }
  const store = (change: (draft: Workspace) => number): WorkspacePermissionSet => {
    let index = 0
    const ws = editWorkspace(engine, (draft) => {
      index = change(draft)
      return { collection: 'permissionSets', index }
    })
    return ws.permissionSets[index]!
  }
  return [
    route({
      method: 'GET',
      path: '/permission-sets',
      operationId: 'listPermissionSets',
      tag: 'Workspace',
      summary: 'List the permission sets',
      response: {
        status: 200,
        description: 'The permission sets.',
        schema: z.array(permissionSetInput),
      },
      handler: () => engine.store.workspace.permissionSets(),
    }),
    route({
      method: 'POST',
      path: '/permission-sets',
      operationId: 'createPermissionSet',
      tag: 'Workspace',
      summary: 'Add a permission set',
      body: permissionSetInput,
      response: { ...one, status: 201 },
      handler: ({ body }) =>
        store((draft) => draft.permissionSets.push(body as WorkspacePermissionSet) - 1),
    }),
    route({
      method: 'GET',
      path: '/permission-sets/{name}',
      operationId: 'getPermissionSet',
      tag: 'Workspace',
      summary: 'One permission set',
      params: nameParams,
      errors: [404],
      response: one,
      handler: ({ params }) => {
        const ws = engine.store.workspace.export()
        return ws.permissionSets[indexOf(ws, params.name)]
      },
    }),
    route({
      method: 'PUT',
      path: '/permission-sets/{name}',
      operationId: 'replacePermissionSet',
      tag: 'Workspace',
      summary: 'Replace a permission set (renaming one that users still name is refused)',
      params: nameParams,
      body: permissionSetInput,
      errors: [404],
      response: one,
      handler: ({ params, body }) =>
        store((draft) => {
          const index = indexOf(draft, params.name)
          draft.permissionSets[index] = body as WorkspacePermissionSet
          return index
        }),
    }),
    route({
      method: 'DELETE',
      path: '/permission-sets/{name}',
      operationId: 'deletePermissionSet',
      tag: 'Workspace',
      summary: 'Remove a permission set (refused while users or app policies name it)',
      params: nameParams,
      errors: [404],
      response: { status: 204, description: 'Removed.' },
      handler: ({ params }) => {
        editWorkspace(engine, (draft) => {
          draft.permissionSets.splice(indexOf(draft, params.name), 1)
        })
      },
    }),
  ]
}
