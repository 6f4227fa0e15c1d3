import { IconCode, IconRoute, IconArrowsExchange } from '@tabler/icons-react'
import { useBaseUrl } from '../../api/useOrigin'
import { Hint } from '../../components/Hint'
import { ViewLink } from '../../components/ViewLink'
import { ViewPlaceholder } from '../../components/ViewPlaceholder'

export function FlowsView() {
  const baseUrl = useBaseUrl()
  return (
    <ViewPlaceholder
      title="Flows"
      description="Exchanges grouped into OAuth flows — authorize, login, consent, callback, token, API calls, refresh, revoke — drawn as a sequence diagram with every token decoded."
      icon={IconRoute}
      emptyTitle="Flows will be drawn here"
      emptyDescription={
        <>
          Once a client runs an OAuth flow against <span className="gh-mono">{baseUrl}</span>, its
          steps will be tied together here, with the checks that passed and the one that failed.
          This view is not built yet.
        </>
      }
      meanwhile={
        <>
          <Hint icon={IconCode}>
            The <ViewLink view="status">Status</ViewLink> page has a jsforce snippet that starts a
            web server flow against the emulated org.
          </Hint>
          <Hint icon={IconArrowsExchange}>
            The single exchanges of a flow will also be listed under{' '}
            <ViewLink view="traffic">Traffic</ViewLink>.
          </Hint>
        </>
      }
    />
  )
}
