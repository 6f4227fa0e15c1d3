import { Paper } from '@mantine/core'
import { IconKey, IconShieldCheck } from '@tabler/icons-react'
import { useStatus } from '../../api/queries'
import { useBaseUrl } from '../../api/useOrigin'
import { CopyField } from '../../components/CopyField'
import { Hint } from '../../components/Hint'
import { ViewPlaceholder } from '../../components/ViewPlaceholder'

export function JwtView() {
  const status = useStatus()
  const baseUrl = useBaseUrl()
  const jwks = status.data?.endpoints.jwks ?? `${baseUrl}/id/keys`
  return (
    <ViewPlaceholder
      title="JWT"
      description="Decode any JSON Web Token — id tokens, JWT access tokens, JWT bearer assertions — and check its signature, times and audience against this org."
      icon={IconKey}
      emptyTitle="A JWT decoder will be here"
      emptyDescription="Paste a token to see its header and claims with human-readable times, and whether its signature verifies against the org’s keys. It will work offline: tokens never leave this machine. This view is not built yet."
      meanwhile={
        <Hint
          icon={IconShieldCheck}
          detail={
            <Paper className="gh-tile" radius="md" px="md" py={6}>
              <CopyField value={jwks} label="JWKS URL" openable />
            </Paper>
          }
        >
          The public keys that verify the org’s tokens are served as a JWKS; point your JWT library
          at it:
        </Hint>
      }
    />
  )
}
