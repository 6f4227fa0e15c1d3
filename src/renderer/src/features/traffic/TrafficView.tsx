import { IconArrowsExchange, IconListDetails, IconTerminal } from '@tabler/icons-react'
import { useBaseUrl } from '../../api/useOrigin'
import { CodeBlock } from '../../components/CodeBlock'
import { Hint } from '../../components/Hint'
import { ViewLink } from '../../components/ViewLink'
import { ViewPlaceholder } from '../../components/ViewPlaceholder'

export function TrafficView() {
  const baseUrl = useBaseUrl()
  return (
    <ViewPlaceholder
      title="Traffic"
      description="Every HTTP exchange with the emulated org, live: request and response, timing, and the policy checks that decided the answer."
      icon={IconArrowsExchange}
      emptyTitle="Exchanges will appear here live"
      emptyDescription={
        <>
          Point a client at <span className="gh-mono">{baseUrl}</span> and each request it makes to
          the emulated org will show up here as it happens. This list is not built yet.
        </>
      }
      meanwhile={
        <>
          <Hint
            icon={IconTerminal}
            detail={
              <CodeBlock
                code={`curl -s ${baseUrl}/.well-known/openid-configuration`}
                label="discovery request"
              />
            }
          >
            Send a first request: the OpenID Connect discovery document needs no credentials.
          </Hint>
          <Hint icon={IconListDetails}>
            Every URL a client needs (authorize, token, revoke, userinfo, REST API) is on the{' '}
            <ViewLink view="status">Status</ViewLink> page, each with a copy button.
          </Hint>
        </>
      }
    />
  )
}
