import { useQuery } from '@tanstack/react-query'
import type { StatusResponse } from '../../../shared/admin-api'
import { useAdminClient } from './context'

export const queryKeys = {
  status: ['status'] as const,
}

/** GET /_gatehouse/api/status — the emulated org, its URLs and the server's state. */
export function useStatus() {
  const client = useAdminClient()
  return useQuery({
    queryKey: queryKeys.status,
    queryFn: ({ signal }) => client.get<StatusResponse>('/status', { signal }),
    refetchInterval: 15_000,
  })
}
