import { useQuery } from '@tanstack/react-query'
import { useAdminClient } from '../../api/context'

/** The app kinds of the workspace file. */
export type AppKind = 'connectedApp' | 'externalClientApp'
export type IpRelaxation = 'enforce' | 'enforceRelaxRefresh' | 'relaxWithSecondFactor' | 'relax'
export type PolicyUnit = 'hours' | 'days' | 'months'
export type RefreshTokenPolicy =
  | { type: 'untilRevoked' }
  | { type: 'immediatelyExpire' }
  | { type: 'expireIfNotUsedFor'; value: number; unit: PolicyUnit }
  | { type: 'expireAfter'; value: number; unit: PolicyUnit }

export interface IpRange {
  start: string
  end: string
}

/** An app as GET /apps answers it (the workspace app without its consumer secret). */
export interface App {
  kind: AppKind
  name: string
  consumerKey: string
  callbackUrls: string[]
  scopes: string[]
  requireSecretForWebServerFlow: boolean
  requireSecretForRefreshTokenFlow: boolean
  requirePkce: boolean
  certificate: string | null
  clientCredentials: { enabled: boolean; runAs: string | null }
  deviceFlow: { enabled: boolean }
  usernamePassword: { enabled: boolean }
  tokenExchange: { enabled: boolean }
  refreshTokenRotation: boolean
  jwtAccessTokens: boolean
  introspectAllTokens: boolean
  policies: {
    permittedUsers: 'allSelfAuthorize' | 'adminApprovedPreAuthorized'
    profiles: string[]
    permissionSets: string[]
    ipRelaxation: IpRelaxation
    refreshTokenPolicy: RefreshTokenPolicy
    sessionTimeoutMinutes: number | null
    blocked: boolean
    refreshTokenIpAllowlist?: IpRange[]
  }
}

export interface LoginWindow {
  start: string
  end: string
}

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const
export type Weekday = (typeof WEEKDAYS)[number]

export interface Profile {
  name: string
  apiEnabled: boolean
  loginIpRanges: IpRange[]
  loginHours?: { timeZone?: string } & Partial<Record<Weekday, LoginWindow>>
}

export interface User {
  id: string
  username: string
  firstName?: string
  lastName: string
  email: string
  profile: string
  permissionSets: string[]
  active: boolean
  hasPassword: boolean
  password?: string
}

export const appsKey = ['apps'] as const
export const profilesKey = ['profiles'] as const
export const usersKey = ['users'] as const

export function useApps() {
  const client = useAdminClient()
  return useQuery({
    queryKey: appsKey,
    queryFn: ({ signal }) => client.get<App[]>('/apps', { signal }),
  })
}

export function useProfiles() {
  const client = useAdminClient()
  return useQuery({
    queryKey: profilesKey,
    queryFn: ({ signal }) => client.get<Profile[]>('/profiles', { signal }),
  })
}

export function useUsers() {
  const client = useAdminClient()
  return useQuery({
    queryKey: usersKey,
    queryFn: ({ signal }) => client.get<User[]>('/users', { signal }),
  })
}

/** The workspace's permission sets (there is no separate route: read from the workspace). */
export function useWorkspaceDoc() {
  const client = useAdminClient()
  return useQuery({
    queryKey: ['workspace'],
    queryFn: ({ signal }) => client.get<unknown>('/workspace', { signal }),
    refetchOnWindowFocus: false,
  })
}

/** The scope vocabulary, read from the workspace JSON Schema (apps[].scopes[] enum). */
export function useScopeNames(): string[] {
  const client = useAdminClient()
  const schema = useQuery({
    queryKey: ['workspace-schema'],
    queryFn: ({ signal }) => client.get<unknown>('/workspace/schema', { signal }),
    staleTime: Infinity,
  })
  return scopeEnum(schema.data)
}

function scopeEnum(schema: unknown): string[] {
  const found: string[] = []
  const seen = new Set<unknown>()
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object' || seen.has(node) || found.length) return
    seen.add(node)
    const record = node as Record<string, unknown>
    const scopes = (record.properties as Record<string, unknown> | undefined)?.scopes as
      { items?: { enum?: unknown } } | undefined
    if (scopes?.items && Array.isArray(scopes.items.enum)) {
      found.push(...(scopes.items.enum as string[]))
      return
    }
    for (const value of Object.values(record)) walk(value)
  }
  walk(schema)
  return found
}
