import { createContext, use } from 'react'
import type { AdminClient } from './client'

export const AdminClientContext = createContext<AdminClient | null>(null)

/** The admin API client for the current connection (provided once, above the app frame). */
export function useAdminClient(): AdminClient {
  const client = use(AdminClientContext)
  if (!client) throw new Error('useAdminClient() needs <AdminClientContext> above it')
  return client
}
