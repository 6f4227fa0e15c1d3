import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CatalogEntry, Reproduction } from '../../../../shared/catalog-api'
import { useAdminClient } from '../../api/context'

/** GET /catalog — the entries never change while the server runs. */
export function useCatalog() {
  const client = useAdminClient()
  return useQuery({
    queryKey: ['catalog'],
    queryFn: ({ signal }) => client.get<{ entries: CatalogEntry[] }>('/catalog', { signal }),
    staleTime: Infinity,
  })
}

/** GET /exchanges/{id}/catalog — the entries a refused exchange is an instance of. */
export function useExchangeCatalog(exchangeId: number, enabled: boolean) {
  const client = useAdminClient()
  return useQuery({
    queryKey: ['catalog', 'exchange', exchangeId],
    queryFn: ({ signal }) =>
      client.get<{ entries: CatalogEntry[] }>(`/exchanges/${exchangeId}/catalog`, { signal }),
    enabled,
    staleTime: Infinity,
  })
}

export function useReproduce() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      client.send<Reproduction>('POST', `/catalog/${encodeURIComponent(id)}/reproduce`),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['runs', 'list'] }),
  })
}
