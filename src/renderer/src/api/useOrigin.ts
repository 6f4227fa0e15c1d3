import { useAdminClient } from './context'
import { useStatus } from './queries'

/** The emulated org's base URL: from /status when loaded, else the admin API's origin (the same). */
export function useBaseUrl(): string {
  const status = useStatus()
  const { connection } = useAdminClient()
  return status.data?.baseUrl ?? connection.origin
}
