import { useState } from 'react'
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { AdminApiError, createAdminClient } from './api/client'
import type { Connection } from './api/connection'
import { forgetStoredToken } from './api/connection'
import { AdminClientContext } from './api/context'
import { AppFrame } from './shell/AppFrame'
import { TokenScreen } from './shell/TokenScreen'

function shouldRetry(failureCount: number, error: unknown): boolean {
  // Retry only what may be transient: no answer, or a 5xx. A 4xx will say the same again.
  if (!(error instanceof AdminApiError)) return false
  return (error.isNetworkError || error.status >= 500) && failureCount < 2
}

/** The workbench for one connection to the admin API. */
export function App({ connection }: { connection: Connection }) {
  const [rejected, setRejected] = useState(false)
  const [client] = useState(() => createAdminClient(connection))
  const [queryClient] = useState(() => {
    const onError = (error: unknown) => {
      if (error instanceof AdminApiError && error.isUnauthorized) {
        if (connection.mode === 'browser') forgetStoredToken()
        setRejected(true)
      }
    }
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: {
        queries: { retry: shouldRetry, staleTime: 5_000, refetchOnWindowFocus: true },
        mutations: { retry: false },
      },
    })
  })

  if (rejected) return <TokenScreen problem={{ kind: 'rejected' }} />
  return (
    <AdminClientContext value={client}>
      <QueryClientProvider client={queryClient}>
        <AppFrame />
      </QueryClientProvider>
    </AdminClientContext>
  )
}
