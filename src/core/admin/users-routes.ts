import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import type { Workspace, WorkspaceUser } from '../workspace'
import { invalidRequest, notFound } from './errors'
import { userInput, userParams } from './input-schemas'
import { route, type AdminRoute } from './route'
import { editWorkspace } from './workspace-edit'

/** Users as the API shows them: whether a password is set, never the password. */
function userView(user: WorkspaceUser): Omit<WorkspaceUser, 'password'> & { hasPassword: boolean } {
  const { password, ...rest } = user
  return { ...rest, hasPassword: password !== undefined }
}

/** By 18- or 15-character id, or by username (without regard to case, as the login does). */
function indexOf(ws: Workspace, ref: string): number {
  const lower = ref.toLowerCase()
  const index = ws.users.findIndex(
    (user) =>
      user.id === ref ||
      (ref.length === 15 && user.id.startsWith(ref)) ||
      user.username.toLowerCase() === lower,
  )
  if (index === -1) throw notFound(`no user has id or username ${ref}`)
  return index
}

const userView200 = userInput.extend({ hasPassword: z.boolean() }).omit({ password: true })

export function userRoutes(engine: Gatehouse): AdminRoute[] {
  return [
    route({
      method: 'GET',
      path: '/users',
      operationId: 'listUsers',
      tag: 'Workspace',
      summary: 'List the users (passwords are not shown)',
      response: { status: 200, description: 'The users.', schema: z.array(userView200) },
      handler: () => engine.store.workspace.listUsers().map(userView),
    }),
    route({
      method: 'POST',
      path: '/users',
      operationId: 'createUser',
      tag: 'Workspace',
      summary: 'Add a user; a missing id is generated',
      body: userInput,
      response: { status: 201, description: 'The user as stored.', schema: userView200 },
      handler: ({ body }) => {
        let index = 0
        const ws = editWorkspace(engine, (draft) => {
          index = draft.users.push(body as WorkspaceUser) - 1
          return { collection: 'users', index }
        })
        return userView(ws.users[index]!)
      },
    }),
    route({
      method: 'GET',
      path: '/users/{user}',
      operationId: 'getUser',
      tag: 'Workspace',
      summary: 'One user, by id or username',
      params: userParams,
      errors: [404],
      response: { status: 200, description: 'The user.', schema: userView200 },
      handler: ({ params }) => {
        const ws = engine.store.workspace.export()
        return userView(ws.users[indexOf(ws, params.user)]!)
      },
    }),
    route({
      method: 'PUT',
      path: '/users/{user}',
      operationId: 'replaceUser',
      tag: 'Workspace',
      summary: 'Replace a user; an omitted password is kept, the id never changes',
      params: userParams,
      body: userInput,
      errors: [404],
      response: { status: 200, description: 'The user as stored.', schema: userView200 },
      handler: ({ params, body }) => {
        let index = 0
        const ws = editWorkspace(engine, (draft) => {
          index = indexOf(draft, params.user)
          const current = draft.users[index]!
          if (
            body.id !== undefined &&
            body.id !== current.id &&
            body.id !== current.id.slice(0, 15)
          ) {
            throw invalidRequest([
              {
                in: 'body',
                path: 'id',
                message: `must be ${current.id} (ids never change) or be left out`,
              },
            ])
          }
          const password = body.password ?? current.password
          draft.users[index] = {
            ...body,
            id: current.id,
            ...(password === undefined ? {} : { password }),
          } as WorkspaceUser
          return { collection: 'users', index }
        })
        return userView(ws.users[index]!)
      },
    }),
    route({
      method: 'DELETE',
      path: '/users/{user}',
      operationId: 'deleteUser',
      tag: 'Workspace',
      summary: 'Remove a user (refused while an app runs as them)',
      params: userParams,
      errors: [404],
      response: { status: 204, description: 'Removed.' },
      handler: ({ params }) => {
        editWorkspace(engine, (draft) => {
          draft.users.splice(indexOf(draft, params.user), 1)
        })
      },
    }),
  ]
}
