import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Authorization, RevokeAllResult } from '../../../../shared/usage-api'
import { useAdminClient } from '../../api/context'
import { appsKey, type App } from '../apps/api'

export const grantsKey = ['grants'] as const

/** GET /grants — each user's authorization of each app; `user` narrows it to one user. */
export function useGrants(user?: string) {
  const client = useAdminClient()
  return useQuery({
    queryKey: [...grantsKey, user ?? null],
    queryFn: ({ signal }) =>
      client.get<Authorization[]>(user ? `/grants?user=${encodeURIComponent(user)}` : '/grants', {
        signal,
      }),
  })
}

export function useRevokeGrant() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => client.send<void>('DELETE', `/grants/${encodeURIComponent(id)}`),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: grantsKey }),
  })
}

export function useRevokeAll() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (consumerKey: string) =>
      client.send<RevokeAllResult>('POST', `/apps/${encodeURIComponent(consumerKey)}/revoke-all`),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: grantsKey }),
  })
}

/** Block or unblock an app: its `policies.blocked`, through the app's own route. */
export function useSetBlocked() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ app, blocked }: { app: App; blocked: boolean }) =>
      client.send<App>('PUT', `/apps/${encodeURIComponent(app.consumerKey)}`, {
        ...app,
        policies: { ...app.policies, blocked },
      }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: appsKey }),
  })
}
