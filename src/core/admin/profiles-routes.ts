import { z } from 'zod'
import type { Gatehouse } from '../gatehouse'
import type { Workspace, WorkspaceProfile } from '../workspace'
import { notFound } from './errors'
import { profileInput, profileParams } from './input-schemas'
import { route, type AdminRoute } from './route'
import { editWorkspace } from './workspace-edit'

function indexOf(ws: Workspace, name: string): number {
  const index = ws.profiles.findIndex((profile) => profile.name === name)
  if (index === -1) throw notFound(`no profile is named ${name}`)
  return index
}

export function profileRoutes(engine: Gatehouse): AdminRoute[] {
  return [
    route({
      method: 'GET',
      path: '/profiles',
      operationId: 'listProfiles',
      tag: 'Workspace',
      summary: 'List the profiles',
      response: { status: 200, description: 'The profiles.', schema: z.array(profileInput) },
      handler: () => engine.store.workspace.listProfiles(),
    }),
    route({
      method: 'POST',
      path: '/profiles',
      operationId: 'createProfile',
      tag: 'Workspace',
      summary: 'Add a profile',
      body: profileInput,
      response: { status: 201, description: 'The profile as stored.', schema: profileInput },
      handler: ({ body }) => {
        let index = 0
        const ws = editWorkspace(engine, (draft) => {
          index = draft.profiles.push(body as WorkspaceProfile) - 1
          return { collection: 'profiles', index }
        })
        return ws.profiles[index]
      },
    }),
    route({
      method: 'GET',
      path: '/profiles/{name}',
      operationId: 'getProfile',
      tag: 'Workspace',
      summary: 'One profile',
      params: profileParams,
      errors: [404],
      response: { status: 200, description: 'The profile.', schema: profileInput },
      handler: ({ params }) => {
        const profile = engine.store.workspace.profile(params.name)
        if (!profile) throw notFound(`no profile is named ${params.name}`)
        return profile
      },
    }),
    route({
      method: 'PUT',
      path: '/profiles/{name}',
      operationId: 'replaceProfile',
      tag: 'Workspace',
      summary: 'Replace a profile (renaming one that users still name is refused)',
      params: profileParams,
      body: profileInput,
      errors: [404],
      response: { status: 200, description: 'The profile as stored.', schema: profileInput },
      handler: ({ params, body }) => {
        let index = 0
        const ws = editWorkspace(engine, (draft) => {
          index = indexOf(draft, params.name)
          draft.profiles[index] = body as WorkspaceProfile
          return { collection: 'profiles', index }
        })
        return ws.profiles[index]
      },
    }),
    route({
      method: 'DELETE',
      path: '/profiles/{name}',
      operationId: 'deleteProfile',
      tag: 'Workspace',
      summary: 'Remove a profile (refused while users or app policies name it)',
      params: profileParams,
      errors: [404],
      response: { status: 204, description: 'Removed.' },
      handler: ({ params }) => {
        editWorkspace(engine, (draft) => {
          draft.profiles.splice(indexOf(draft, params.name), 1)
        })
      },
    }),
  ]
}
