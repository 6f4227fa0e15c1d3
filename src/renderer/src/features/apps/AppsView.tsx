import { IconApps, IconFileExport } from '@tabler/icons-react'
import { useStatus } from '../../api/queries'
import { CodeBlock } from '../../components/CodeBlock'
import { Hint } from '../../components/Hint'
import { ViewPlaceholder } from '../../components/ViewPlaceholder'
import { shellQuote } from '../../lib/shell'

export function AppsView() {
  const status = useStatus()
  const apps = status.data?.counts.apps
  const dataDir = status.data?.dataDir
  return (
    <ViewPlaceholder
      title="Apps"
      description="The org’s Connected Apps and External Client Apps: consumer keys, callback URLs, scopes, the flows each allows, and their OAuth policies."
      icon={IconApps}
      emptyTitle={
        apps === undefined
          ? 'Apps will be listed here'
          : `This org has ${apps} ${apps === 1 ? 'app' : 'apps'}; they will be listed here`
      }
      emptyDescription="You will be able to browse and edit each app, copy its keys, and switch its policies (permitted users, IP relaxation, refresh-token policy) while a flow runs. This view is not built yet."
      meanwhile={
        <Hint
          icon={IconFileExport}
          detail={
            <CodeBlock
              code={`npx gatehouse export${dataDir ? ` --data ${shellQuote(dataDir)}` : ''}`}
              label="export command"
            />
          }
        >
          Print the workspace, consumer keys and secrets included, from a terminal in the project:
        </Hint>
      }
    />
  )
}
