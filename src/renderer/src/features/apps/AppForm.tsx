import { useState } from 'react'
import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Radio,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { IconDeviceFloppy, IconKey, IconArrowBackUp } from '@tabler/icons-react'
import type { RotatedSecretResponse } from '../../../../shared/admin-api'
import { AdminApiError } from '../../api/client'
import { useAdminClient } from '../../api/context'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { CopyButton } from '../../components/CopyButton'
import { CopyField } from '../../components/CopyField'
import { appsKey, useProfiles, useScopeNames, useUsers, useWorkspaceDoc } from './api'
import type { App, IpRelaxation, PolicyUnit, RefreshTokenPolicy } from './api'

const IP_RELAXATION_OPTIONS: Array<{ value: IpRelaxation; label: string }> = [
  { value: 'enforce', label: 'Enforce IP restrictions' },
  {
    value: 'enforceRelaxRefresh',
    label: 'Enforce IP restrictions, but relax for refresh tokens',
  },
  { value: 'relaxWithSecondFactor', label: 'Relax IP restrictions with second factor' },
  { value: 'relax', label: 'Relax IP restrictions' },
]

const TIMEOUT_OPTIONS = [
  { value: '', label: '--None-- (org default)' },
  ...[15, 30, 60, 120, 240, 480, 720, 1440].map((minutes) => ({
    value: String(minutes),
    label: minutes < 60 ? `${minutes} minutes` : `${minutes / 60} hour${minutes === 60 ? '' : 's'}`,
  })),
]

/** Issue paths from the API, relative to the app (cross-reference issues name apps[i].…). */
function relativePath(path: string): string {
  return path.replace(/^apps\[\d+\]\.?/, '')
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="sm" tt="uppercase" c="dimmed" style={{ letterSpacing: 0.4 }}>
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  )
}

export function AppForm({ app }: { app: App }) {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const scopes = useScopeNames()
  const profiles = useProfiles()
  const users = useUsers()
  const workspace = useWorkspaceDoc()
  const permissionSets = (
    ((workspace.data as { permissionSets?: Array<{ name: string }> } | undefined)?.permissionSets ??
      []) as Array<{ name: string }>
  ).map((set) => set.name)

  const [draft, setDraft] = useState<App>(() => structuredClone(app))
  const [callbackText, setCallbackText] = useState(app.callbackUrls.join('\n'))
  const [useCertificate, setUseCertificate] = useState(app.certificate !== null)
  const [secret, setSecret] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)

  const update = (change: (next: App) => void) => {
    setSaved(false)
    setDraft((current) => {
      const next = structuredClone(current)
      change(next)
      return next
    })
  }

  const body = (): App => ({
    ...draft,
    callbackUrls: callbackText
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    certificate: useCertificate ? draft.certificate || '' : null,
  })

  const save = useMutation({
    mutationFn: () =>
      client.send<App>('PUT', `/apps/${encodeURIComponent(app.consumerKey)}`, body()),
    onSuccess: (stored) => {
      queryClient.setQueryData<App[]>(appsKey, (list) =>
        list?.map((item) => (item.consumerKey === stored.consumerKey ? stored : item)),
      )
      void queryClient.invalidateQueries({ queryKey: ['workspace'] })
      void queryClient.invalidateQueries({ queryKey: ['status'] })
      setDraft(structuredClone(stored))
      setCallbackText(stored.callbackUrls.join('\n'))
      setSaved(true)
    },
  })
  const rotate = useMutation({
    mutationFn: () =>
      client.send<RotatedSecretResponse>(
        'POST',
        `/apps/${encodeURIComponent(app.consumerKey)}/secret`,
      ),
    onSuccess: (answer) => setSecret(answer.consumerSecret),
  })

  const issues = save.error instanceof AdminApiError ? save.error.issues : []
  const fieldError = (...prefixes: string[]): string | undefined => {
    const found = issues.filter((issue) => {
      const path = relativePath(issue.path)
      return prefixes.some(
        (prefix) =>
          path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '['),
      )
    })
    return found.length
      ? found
          .map((issue) => {
            const path = relativePath(issue.path)
            return prefixes.includes(path) ? issue.message : `${path}: ${issue.message}`
          })
          .join('; ')
      : undefined
  }
  const placed = [
    'name',
    'callbackUrls',
    'scopes',
    'certificate',
    'clientCredentials',
    'policies.profiles',
    'policies.permissionSets',
    'policies.ipRelaxation',
    'policies.refreshTokenPolicy',
    'policies.sessionTimeoutMinutes',
    'policies.permittedUsers',
    'usernamePassword',
  ]
  const unplaced = issues.filter(
    (issue) => !placed.some((prefix) => relativePath(issue.path).startsWith(prefix)),
  )

  const policy = draft.policies.refreshTokenPolicy
  const setPolicy = (next: RefreshTokenPolicy) =>
    update((d) => {
      d.policies.refreshTokenPolicy = next
    })
  const policyValue = 'value' in policy ? policy.value : 30
  const policyUnit: PolicyUnit = 'unit' in policy ? policy.unit : 'days'
  const dirty = JSON.stringify(body()) !== JSON.stringify({ ...app, certificate: app.certificate })

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate()
      }}
      aria-label={`Settings of ${app.name}`}
    >
      <Stack gap="md">
        <Section title="Basic information">
          <TextInput
            label={app.kind === 'connectedApp' ? 'Connected App Name' : 'External Client App Name'}
            value={draft.name}
            onChange={(event) => {
              const value = event.currentTarget.value
              update((d) => {
                d.name = value
              })
            }}
            error={fieldError('name')}
            required
          />
          <div>
            <Text size="sm" fw={500}>
              Consumer Key
            </Text>
            <CopyField value={app.consumerKey} label="consumer key" />
          </div>
          <Group justify="space-between" wrap="nowrap">
            <div>
              <Text size="sm" fw={500}>
                Consumer Secret
              </Text>
              <Text size="sm" c="dimmed">
                Stored, never shown again after it is made. Generate a new one to see it.
              </Text>
            </div>
            <Button
              variant="default"
              leftSection={<IconKey size={16} />}
              onClick={() => rotate.mutate()}
              loading={rotate.isPending}
              data-testid="rotate-secret"
            >
              Generate new secret
            </Button>
          </Group>
          {rotate.isError && <ApiErrorAlert error={rotate.error} title="No new secret" />}
        </Section>

        <Section title="API (Enable OAuth Settings)">
          <Textarea
            label="Callback URL"
            description="One per line"
            value={callbackText}
            onChange={(event) => {
              setSaved(false)
              setCallbackText(event.currentTarget.value)
            }}
            autosize
            minRows={2}
            classNames={{ input: 'gh-mono' }}
            error={fieldError('callbackUrls')}
          />
          <MultiSelect
            label="Selected OAuth Scopes"
            data={scopes.length ? scopes : draft.scopes}
            value={draft.scopes}
            onChange={(value) =>
              update((d) => {
                d.scopes = value
              })
            }
            searchable
            clearable
            error={fieldError('scopes')}
          />
          <Checkbox
            label="Use digital signatures"
            description="Upload the certificate whose private key signs JWT bearer assertions"
            checked={useCertificate}
            onChange={(event) => {
              setSaved(false)
              setUseCertificate(event.currentTarget.checked)
            }}
          />
          {useCertificate && (
            <Textarea
              aria-label="Certificate (PEM)"
              placeholder="-----BEGIN CERTIFICATE-----"
              value={draft.certificate ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value
                update((d) => {
                  d.certificate = value
                })
              }}
              autosize
              minRows={3}
              maxRows={8}
              classNames={{ input: 'gh-mono' }}
              error={fieldError('certificate')}
            />
          )}
          <Checkbox
            label="Require Secret for Web Server Flow"
            checked={draft.requireSecretForWebServerFlow}
            onChange={(event) => {
              const checked = event.currentTarget.checked
              update((d) => {
                d.requireSecretForWebServerFlow = checked
              })
            }}
          />
          <Checkbox
            label="Require Secret for Refresh Token Flow"
            checked={draft.requireSecretForRefreshTokenFlow}
            onChange={(event) => {
              const checked = event.currentTarget.checked
              update((d) => {
                d.requireSecretForRefreshTokenFlow = checked
              })
            }}
          />
          <Checkbox
            label="Require Proof Key for Code Exchange (PKCE) Extension for Supported Authorization Flows"
            checked={draft.requirePkce}
            onChange={(event) => {
              const checked = event.currentTarget.checked
              update((d) => {
                d.requirePkce = checked
              })
            }}
          />
          <Stack gap={6}>
            <Checkbox
              label="Enable Client Credentials Flow"
              checked={draft.clientCredentials.enabled}
              onChange={(event) => {
                const checked = event.currentTarget.checked
                update((d) => {
                  d.clientCredentials.enabled = checked
                })
              }}
            />
            <Select
              label="Run As"
              placeholder="Username"
              data={(users.data ?? []).map((user) => user.username)}
              value={draft.clientCredentials.runAs}
              onChange={(value) =>
                update((d) => {
                  d.clientCredentials.runAs = value
                })
              }
              disabled={!draft.clientCredentials.enabled}
              searchable
              clearable
              w={320}
              ml={28}
              error={fieldError('clientCredentials')}
            />
          </Stack>
          <Checkbox
            label="Enable Device Flow"
            checked={draft.deviceFlow.enabled}
            onChange={(event) => {
              const checked = event.currentTarget.checked
              update((d) => {
                d.deviceFlow.enabled = checked
              })
            }}
          />
          {draft.kind === 'connectedApp' && (
            <Checkbox
              label="Enable Username-Password Flow"
              checked={draft.usernamePassword.enabled}
              onChange={(event) => {
                const checked = event.currentTarget.checked
                update((d) => {
                  d.usernamePassword.enabled = checked
                })
              }}
              error={fieldError('usernamePassword')}
            />
          )}
          <Checkbox
            label="Enable Token Exchange Flow"
            checked={draft.tokenExchange.enabled}
            onChange={(event) => {
              const checked = event.currentTarget.checked
              update((d) => {
                d.tokenExchange.enabled = checked
              })
            }}
          />
          <Checkbox
            label="Enable Refresh Token Rotation"
            checked={draft.refreshTokenRotation}
            onChange={(event) => {
              const checked = event.currentTarget.checked
              update((d) => {
                d.refreshTokenRotation = checked
              })
            }}
          />
          <Checkbox
            label="Issue JSON Web Token (JWT)-based access tokens for named users"
            checked={draft.jwtAccessTokens}
            onChange={(event) => {
              const checked = event.currentTarget.checked
              update((d) => {
                d.jwtAccessTokens = checked
              })
            }}
          />
          <Checkbox
            label="Introspect All Tokens"
            checked={draft.introspectAllTokens}
            onChange={(event) => {
              const checked = event.currentTarget.checked
              update((d) => {
                d.introspectAllTokens = checked
              })
            }}
          />
        </Section>

        <Section title="OAuth policies">
          <Select
            label="Permitted Users"
            data={[
              { value: 'allSelfAuthorize', label: 'All users may self-authorize' },
              {
                value: 'adminApprovedPreAuthorized',
                label: 'Admin approved users are pre-authorized',
              },
            ]}
            value={draft.policies.permittedUsers}
            onChange={(value) =>
              value &&
              update((d) => {
                d.policies.permittedUsers = value as App['policies']['permittedUsers']
              })
            }
            allowDeselect={false}
            error={fieldError('policies.permittedUsers')}
          />
          <Group grow align="flex-start">
            <MultiSelect
              label="Profiles"
              description="Users with these profiles are pre-authorized"
              placeholder={draft.policies.profiles.length ? undefined : 'None'}
              data={(profiles.data ?? []).map((profile) => profile.name)}
              value={draft.policies.profiles}
              onChange={(value) =>
                update((d) => {
                  d.policies.profiles = value
                })
              }
              error={fieldError('policies.profiles')}
            />
            <MultiSelect
              label="Permission Sets"
              description="Users with these permission sets are pre-authorized"
              placeholder={draft.policies.permissionSets.length ? undefined : 'None'}
              data={permissionSets}
              value={draft.policies.permissionSets}
              onChange={(value) =>
                update((d) => {
                  d.policies.permissionSets = value
                })
              }
              error={fieldError('policies.permissionSets')}
            />
          </Group>
          <Select
            label="IP Relaxation"
            data={IP_RELAXATION_OPTIONS}
            value={draft.policies.ipRelaxation}
            onChange={(value) =>
              value &&
              update((d) => {
                d.policies.ipRelaxation = value as IpRelaxation
              })
            }
            allowDeselect={false}
            error={fieldError('policies.ipRelaxation')}
            data-testid="ip-relaxation"
          />
          <Radio.Group
            label="Refresh Token Policy"
            value={policy.type}
            onChange={(type) => {
              if (type === 'untilRevoked' || type === 'immediatelyExpire') setPolicy({ type })
              else if (type === 'expireIfNotUsedFor' || type === 'expireAfter')
                setPolicy({ type, value: policyValue, unit: policyUnit })
            }}
            error={fieldError('policies.refreshTokenPolicy')}
          >
            <Stack gap={6} mt={6}>
              <Radio value="untilRevoked" label="Refresh token is valid until revoked" />
              <Radio value="immediatelyExpire" label="Immediately expire refresh token" />
              <Radio value="expireIfNotUsedFor" label="Expire refresh token if not used for" />
              <Radio value="expireAfter" label="Expire refresh token after" />
            </Stack>
          </Radio.Group>
          {(policy.type === 'expireIfNotUsedFor' || policy.type === 'expireAfter') && (
            <Group wrap="nowrap" ml={28}>
              <NumberInput
                aria-label="Refresh token lifetime"
                min={1}
                value={policy.value}
                onChange={(value) =>
                  setPolicy({ ...policy, value: typeof value === 'number' ? value : 1 })
                }
                w={120}
              />
              <Select
                aria-label="Unit"
                data={['hours', 'days', 'months'].map((unit) => ({ value: unit, label: unit }))}
                value={policy.unit}
                onChange={(value) => value && setPolicy({ ...policy, unit: value as PolicyUnit })}
                allowDeselect={false}
                w={140}
              />
            </Group>
          )}
          <Select
            label="Timeout Value"
            description="Access-token (session) lifetime for this app"
            data={TIMEOUT_OPTIONS}
            value={
              draft.policies.sessionTimeoutMinutes === null
                ? ''
                : String(draft.policies.sessionTimeoutMinutes)
            }
            onChange={(value) =>
              update((d) => {
                d.policies.sessionTimeoutMinutes = value ? Number(value) : null
              })
            }
            allowDeselect={false}
            error={fieldError('policies.sessionTimeoutMinutes')}
          />
          <Switch
            label="Blocked"
            description="A blocked app’s requests are refused (OAUTH_APP_BLOCKED) and its sessions end"
            checked={draft.policies.blocked}
            onChange={(event) => {
              const checked = event.currentTarget.checked
              update((d) => {
                d.policies.blocked = checked
              })
            }}
            color="red"
          />
        </Section>

        {save.isError && (
          <ApiErrorAlert
            error={save.error}
            title={
              unplaced.length || !(save.error instanceof AdminApiError) || !issues.length
                ? 'Not saved'
                : 'Not saved: see the fields marked in red'
            }
          />
        )}
        {saved && !dirty && (
          <Alert color="teal" variant="light" data-testid="app-saved">
            Saved. The next request to the org uses these settings.
          </Alert>
        )}
        <Group className="gh-form-actions">
          <Button
            type="submit"
            leftSection={<IconDeviceFloppy size={16} />}
            loading={save.isPending}
            disabled={!dirty}
            data-testid="app-save"
          >
            Save
          </Button>
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={16} />}
            disabled={!dirty}
            onClick={() => {
              setDraft(structuredClone(app))
              setCallbackText(app.callbackUrls.join('\n'))
              setUseCertificate(app.certificate !== null)
              save.reset()
            }}
          >
            Cancel changes
          </Button>
        </Group>
      </Stack>

      <Modal
        opened={secret !== null}
        onClose={() => setSecret(null)}
        title="New consumer secret"
        centered
        size="lg"
      >
        <Stack>
          <Text size="sm">
            Copy it now: <b>it won’t be shown again</b>. The old secret has stopped working; tokens
            already issued stay valid.
          </Text>
          <Group wrap="nowrap" gap="xs">
            <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="new-secret">
              {secret}
            </Code>
            {secret && <CopyButton value={secret} label="Copy consumer secret" />}
          </Group>
          <Group justify="flex-end">
            <Button onClick={() => setSecret(null)}>I have copied it</Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  )
}
