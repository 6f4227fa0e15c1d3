import { useEffect, useMemo, useState } from 'react'
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core'
import { useMutation, useQuery } from '@tanstack/react-query'
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconQuestionMark,
  IconSignature,
  IconTemplate,
} from '@tabler/icons-react'
import type { KeysResponse } from '../../../../shared/admin-api'
import { useAdminClient } from '../../api/context'
import { useStatus } from '../../api/queries'
import { useBaseUrl } from '../../api/useOrigin'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { CopyButton } from '../../components/CopyButton'
import { PageHeader } from '../../components/PageHeader'
import { LazyJsonEditor } from '../../monaco/LazyJsonEditor'
import { useApps, useUsers } from '../apps/api'
import { ClaimsTable } from './ClaimsTable'
import { JWT_DESCRIPTION } from './description'
import { analyze, CLAIM_NOTES, HEADER_NOTES } from './claims'
import type { JwtProblem } from './claims'
import { decode, signWithPrivateKey, verifySignature } from './verify'
import type { SignatureResult, VerifyKey } from './verify'

type VerifyMode = 'jwks' | 'certificate' | 'pasted'
type SignMode = 'gatehouse' | 'private'

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2)
}

/** The server's virtual time, moving on between status polls. */
function useServerNow(): number {
  const status = useStatus()
  const [tick, setTick] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setTick(Date.now()), 1000)
    return () => window.clearInterval(timer)
  }, [])
  const serverMs = status.data ? Date.parse(status.data.clock.now) : NaN
  const offset = Number.isFinite(serverMs) ? serverMs - status.dataUpdatedAt : 0
  return Math.floor((tick + offset) / 1000)
}

const SIGNATURE_LOOK: Record<
  SignatureResult['status'],
  { color: string; title: string; icon: typeof IconCircleCheck }
> = {
  valid: { color: 'teal', title: 'Signature verified', icon: IconCircleCheck },
  invalid: { color: 'red', title: 'Bad signature', icon: IconCircleX },
  unsigned: { color: 'red', title: 'Not signed', icon: IconCircleX },
  unknown_key: { color: 'red', title: 'Unknown key', icon: IconCircleX },
  no_key: { color: 'gray', title: 'No key to check with', icon: IconQuestionMark },
  error: { color: 'orange', title: 'Could not check the signature', icon: IconAlertTriangle },
}

export default function JwtInspector() {
  const client = useAdminClient()
  const baseUrl = useBaseUrl()
  const nowSeconds = useServerNow()
  const status = useStatus()
  const apps = useApps()
  const users = useUsers()
  const keys = useQuery({
    queryKey: ['keys'],
    queryFn: ({ signal }) => client.get<KeysResponse>('/keys', { signal }),
  })

  const [token, setToken] = useState('')
  const [verifyMode, setVerifyMode] = useState<VerifyMode>('jwks')
  const [verifyApp, setVerifyApp] = useState<string | null>(null)
  const [pastedKey, setPastedKey] = useState('')
  const [signature, setSignature] = useState<SignatureResult | null>(null)

  const certificateApps = useMemo(
    () => (apps.data ?? []).filter((app) => app.certificate),
    [apps.data],
  )
  const consumerKeys = useMemo(() => (apps.data ?? []).map((app) => app.consumerKey), [apps.data])

  const decoded = useMemo(() => {
    const trimmed = token.trim().replace(/^Bearer\s+/i, '')
    if (!trimmed) return null
    try {
      return { ok: true as const, token: trimmed, ...decode(trimmed) }
    } catch (error) {
      return { ok: false as const, message: error instanceof Error ? error.message : String(error) }
    }
  }, [token])

  const verifyKey: VerifyKey | null = useMemo(() => {
    if (verifyMode === 'jwks') {
      return keys.data ? { kind: 'jwks', jwks: { keys: keys.data.keys } } : null
    }
    if (verifyMode === 'certificate') {
      const app = certificateApps.find((candidate) => candidate.consumerKey === verifyApp)
      return app?.certificate
        ? { kind: 'certificate', pem: app.certificate, label: `${app.name}’s certificate` }
        : null
    }
    return { kind: 'pasted', text: pastedKey }
  }, [verifyMode, keys.data, certificateApps, verifyApp, pastedKey])

  useEffect(() => {
    let cancelled = false
    if (!decoded?.ok) {
      setSignature(null)
      return
    }
    if (!verifyKey) {
      setSignature({
        status: 'no_key',
        detail:
          verifyMode === 'certificate'
            ? 'Choose an app with a certificate.'
            : 'Loading Gatehouse’s keys…',
      })
      return
    }
    void verifySignature(decoded.token, decoded.header, verifyKey).then((result) => {
      if (!cancelled) setSignature(result)
    })
    return () => {
      cancelled = true
    }
  }, [decoded, verifyKey, verifyMode])

  const problems: JwtProblem[] = useMemo(() => {
    if (!decoded?.ok) return []
    return analyze(decoded.header, decoded.claims, {
      nowSeconds,
      baseUrl: baseUrl.replace(/\/$/, ''),
      consumerKeys,
      knownKids:
        verifyMode === 'jwks' && keys.data ? keys.data.keys.map((key) => key.kid) : undefined,
    }).filter(
      // The signature panel already says "unknown key"; don't say it twice.
      (problem) => !(problem.title === 'Unknown kid' && signature?.status === 'unknown_key'),
    )
  }, [decoded, nowSeconds, baseUrl, consumerKeys, verifyMode, keys.data, signature])

  // --- Build and sign -----------------------------------------------------------------
  const [headerText, setHeaderText] = useState(pretty({ alg: 'RS256', typ: 'JWT' }))
  const [claimsText, setClaimsText] = useState('{}')
  const [claimsTouched, setClaimsTouched] = useState(false)
  // Start from an id_token like the org issues, for the first app, until the user edits.
  const firstApp = apps.data?.[0]
  const firstUser = users.data?.[0]
  const orgId = status.data?.org.id
  useEffect(() => {
    if (claimsTouched || !firstApp || !firstUser || !orgId) return
    const iat = Math.floor(Date.now() / 1000)
    setClaimsText(
      pretty({
        iss: baseUrl,
        sub: `${baseUrl}/id/${orgId}/${firstUser.id}`,
        aud: firstApp.consumerKey,
        iat,
        exp: iat + 120,
        preferred_username: firstUser.username,
      }),
    )
  }, [claimsTouched, firstApp, firstUser, orgId, baseUrl])
  const editClaims = (text: string) => {
    setClaimsTouched(true)
    setClaimsText(text)
  }
  const [templateApp, setTemplateApp] = useState<string | null>(null)
  const [templateUser, setTemplateUser] = useState<string | null>(null)
  const [signMode, setSignMode] = useState<SignMode>('gatehouse')
  const [privateKey, setPrivateKey] = useState('')
  const [signError, setSignError] = useState<string | null>(null)

  function applyTemplate(appKey: string | null, username: string | null) {
    const app = (apps.data ?? []).find((candidate) => candidate.consumerKey === appKey)
    if (!app) return
    const user =
      username ?? app.clientCredentials.runAs ?? users.data?.[0]?.username ?? 'user@example.com'
    setHeaderText(pretty({ alg: 'RS256', typ: 'JWT' }))
    editClaims(
      pretty({
        iss: app.consumerKey,
        sub: user,
        aud: 'https://login.salesforce.com',
        exp: nowSeconds + 180,
      }),
    )
    setSignMode('private')
  }

  const sign = useMutation({
    mutationFn: async (): Promise<{ token: string; mode: SignMode }> => {
      let header: Record<string, unknown>
      let claims: Record<string, unknown>
      try {
        header = JSON.parse(headerText) as Record<string, unknown>
      } catch {
        throw new Error('The header is not valid JSON.')
      }
      try {
        claims = JSON.parse(claimsText) as Record<string, unknown>
      } catch {
        throw new Error('The claims are not valid JSON.')
      }
      if (signMode === 'gatehouse') {
        const answer = await client.send<{ token: string }>('POST', '/jwt/sign', {
          header,
          claims,
          key: 'gatehouse',
        })
        return { token: answer.token, mode: signMode }
      }
      return { token: await signWithPrivateKey(header, claims, privateKey), mode: signMode }
    },
    onMutate: () => setSignError(null),
    onSuccess: ({ token: signed, mode }) => {
      setToken(signed)
      if (mode === 'gatehouse') setVerifyMode('jwks')
      else {
        const claims = decode(signed).claims
        const app = certificateApps.find((candidate) => candidate.consumerKey === claims.iss)
        if (app) {
          setVerifyMode('certificate')
          setVerifyApp(app.consumerKey)
        } else setVerifyMode('pasted')
      }
    },
    onError: (error) => setSignError(error instanceof Error ? error.message : String(error)),
  })

  const look = signature ? SIGNATURE_LOOK[signature.status] : null

  return (
    <>
      <PageHeader title="JWT" description={JWT_DESCRIPTION} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Paper withBorder radius="md" p="md">
              <Stack gap="sm">
                <Group justify="space-between">
                  <Title order={2} size="h4">
                    Token
                  </Title>
                  {decoded?.ok && <CopyButton value={decoded.token} label="Copy token" />}
                </Group>
                <Textarea
                  aria-label="JWT to decode"
                  placeholder="Paste a JWT (eyJ…), with or without “Bearer ”"
                  value={token}
                  onChange={(event) => setToken(event.currentTarget.value)}
                  autosize
                  minRows={3}
                  maxRows={8}
                  spellCheck={false}
                  classNames={{ input: 'gh-mono' }}
                  styles={{ input: { wordBreak: 'break-all' } }}
                  data-testid="jwt-input"
                />
                <Group gap="sm" align="flex-end" wrap="wrap">
                  <div>
                    <Text size="sm" fw={500} mb={4}>
                      Verify with
                    </Text>
                    <SegmentedControl
                      value={verifyMode}
                      onChange={(value) => setVerifyMode(value as VerifyMode)}
                      data={[
                        { value: 'jwks', label: 'Gatehouse JWKS' },
                        { value: 'certificate', label: 'App certificate' },
                        { value: 'pasted', label: 'Public key' },
                      ]}
                      aria-label="Verify with"
                    />
                  </div>
                  {verifyMode === 'certificate' && (
                    <Select
                      label="App"
                      placeholder={
                        certificateApps.length ? 'Choose an app' : 'No app has a certificate'
                      }
                      data={certificateApps.map((app) => ({
                        value: app.consumerKey,
                        label: app.name,
                      }))}
                      value={verifyApp}
                      onChange={setVerifyApp}
                      w={240}
                    />
                  )}
                </Group>
                {verifyMode === 'pasted' && (
                  <Textarea
                    label="Public key"
                    description="PEM public key or certificate, a JWK, or a JWKS"
                    value={pastedKey}
                    onChange={(event) => setPastedKey(event.currentTarget.value)}
                    autosize
                    minRows={3}
                    maxRows={8}
                    spellCheck={false}
                    classNames={{ input: 'gh-mono' }}
                  />
                )}
              </Stack>
            </Paper>

            {decoded && !decoded.ok && (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertCircle size={20} />}
                title="Not a JWT"
              >
                {decoded.message}
              </Alert>
            )}
            {decoded?.ok && (
              <>
                {look && signature && (
                  <Alert
                    color={look.color}
                    variant="light"
                    icon={<look.icon size={20} />}
                    title={look.title}
                    data-testid="jwt-signature"
                    data-status={signature.status}
                  >
                    {signature.detail}
                  </Alert>
                )}
                <Paper withBorder radius="md" p="md" data-testid="jwt-problems">
                  <Group justify="space-between" mb="xs">
                    <Title order={2} size="h4">
                      Checks
                    </Title>
                    <Badge
                      variant="light"
                      color={
                        problems.some((problem) => problem.severity === 'error')
                          ? 'red'
                          : problems.length
                            ? 'yellow'
                            : 'teal'
                      }
                    >
                      {problems.length === 0
                        ? 'No problems'
                        : `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`}
                    </Badge>
                  </Group>
                  {problems.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      Algorithm, times (by the server’s clock) and audience look right.
                    </Text>
                  ) : (
                    <Stack gap={6}>
                      {problems.map((problem) => (
                        <Group key={problem.title} gap="sm" wrap="nowrap" align="flex-start">
                          {problem.severity === 'error' ? (
                            <IconCircleX size={18} color="var(--mantine-color-red-6)" />
                          ) : (
                            <IconAlertTriangle size={18} color="var(--mantine-color-yellow-6)" />
                          )}
                          <Text size="sm">
                            <b>{problem.title}.</b> {problem.detail}
                          </Text>
                        </Group>
                      ))}
                    </Stack>
                  )}
                </Paper>
                <Paper withBorder radius="md" p="md">
                  <Title order={2} size="h4" mb="xs">
                    Header
                  </Title>
                  <ClaimsTable
                    values={decoded.header}
                    notes={HEADER_NOTES}
                    nowSeconds={nowSeconds}
                    label="Header"
                  />
                </Paper>
                <Paper withBorder radius="md" p="md">
                  <Title order={2} size="h4" mb="xs">
                    Claims
                  </Title>
                  <ClaimsTable
                    values={decoded.claims}
                    notes={CLAIM_NOTES}
                    nowSeconds={nowSeconds}
                    label="Claims"
                  />
                </Paper>
              </>
            )}
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder radius="md" p="md">
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={2} size="h4">
                  Build and sign
                </Title>
                <Button
                  variant="subtle"
                  size="xs"
                  disabled={!decoded?.ok}
                  onClick={() => {
                    if (!decoded?.ok) return
                    setHeaderText(pretty(decoded.header))
                    editClaims(pretty(decoded.claims))
                  }}
                >
                  Edit the decoded token
                </Button>
              </Group>
              <Select
                label="Template: JWT bearer assertion for app"
                placeholder="Choose an app"
                data={(apps.data ?? []).map((app) => ({
                  value: app.consumerKey,
                  label: app.certificate ? `${app.name} (has a certificate)` : app.name,
                }))}
                value={templateApp}
                onChange={setTemplateApp}
                data-testid="jwt-template-app"
              />
              <Group gap="sm" align="flex-end" wrap="nowrap">
                <Select
                  label="Username (sub)"
                  placeholder="Run-as user or the first user"
                  data={(users.data ?? []).map((user) => user.username)}
                  value={templateUser}
                  onChange={setTemplateUser}
                  searchable
                  clearable
                  style={{ flex: 1 }}
                />
                <Button
                  variant="default"
                  leftSection={<IconTemplate size={16} />}
                  disabled={!templateApp}
                  onClick={() => applyTemplate(templateApp, templateUser)}
                >
                  Fill
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                iss = consumer key, sub = username, aud = https://login.salesforce.com, exp = now +
                3 min. Sign it with the private key matching the app’s certificate.
              </Text>
              <Text size="sm" fw={500}>
                Header
              </Text>
              <LazyJsonEditor
                path="jwt-header.json"
                label="JWT header JSON"
                value={headerText}
                onChange={setHeaderText}
                height={110}
              />
              <Text size="sm" fw={500}>
                Claims
              </Text>
              <LazyJsonEditor
                path="jwt-claims.json"
                label="JWT claims JSON"
                value={claimsText}
                onChange={editClaims}
                height={220}
              />
              <div>
                <Text size="sm" fw={500} mb={4}>
                  Sign with
                </Text>
                <SegmentedControl
                  value={signMode}
                  onChange={(value) => setSignMode(value as SignMode)}
                  data={[
                    { value: 'gatehouse', label: 'Gatehouse signing key' },
                    { value: 'private', label: 'Pasted private key' },
                  ]}
                  aria-label="Sign with"
                />
              </div>
              {signMode === 'private' && (
                <Textarea
                  label="Private key"
                  description="PKCS#8 PEM (BEGIN PRIVATE KEY) or a private JWK; it never leaves this page"
                  value={privateKey}
                  onChange={(event) => setPrivateKey(event.currentTarget.value)}
                  autosize
                  minRows={3}
                  maxRows={6}
                  spellCheck={false}
                  classNames={{ input: 'gh-mono' }}
                  data-testid="jwt-private-key"
                />
              )}
              {signMode === 'gatehouse' && (
                <Text size="xs" c="dimmed">
                  Signed by the server with the org’s active key (RS256, kid
                  {keys.data ? ` ${keys.data.activeKid}` : ''}), like the id_tokens it issues.
                </Text>
              )}
              {signError && !(sign.error instanceof Error && 'status' in sign.error) && (
                <Alert color="red" variant="light" title="Could not sign">
                  {signError}
                </Alert>
              )}
              {sign.error && 'status' in sign.error && (
                <ApiErrorAlert error={sign.error} title="Could not sign" />
              )}
              <Group>
                <Button
                  leftSection={<IconSignature size={16} />}
                  onClick={() => sign.mutate()}
                  loading={sign.isPending}
                  data-testid="jwt-sign"
                >
                  Sign and decode
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  )
}
