import { IconFileCode, IconFileExport, IconFileImport } from '@tabler/icons-react'
import { useStatus } from '../../api/queries'
import { CodeBlock } from '../../components/CodeBlock'
import { Hint } from '../../components/Hint'
import { ViewPlaceholder } from '../../components/ViewPlaceholder'
import { shellQuote } from '../../lib/shell'

export function WorkspaceView() {
  const status = useStatus()
  const dataDir = status.data?.dataDir
  const data = dataDir ? ` --data ${shellQuote(dataDir)}` : ''
  return (
    <ViewPlaceholder
      title="Workspace"
      description="The one JSON file that describes the org — users, apps, records, policies and faults — edited here with validation against its schema."
      icon={IconFileCode}
      emptyTitle="The workspace editor will be here"
      emptyDescription="You will be able to edit the workspace with validation as you type, load a file, reset to the demo, and export with secrets redacted. This view is not built yet."
      meanwhile={
        <>
          <Hint
            icon={IconFileExport}
            detail={
              <CodeBlock
                code={`npx gatehouse export${data} > workspace.json`}
                label="export command"
              />
            }
          >
            Save the current workspace to a file (add <span className="gh-mono">--redact</span> to
            leave secrets out before sharing it):
          </Hint>
          <Hint
            icon={IconFileImport}
            detail={
              <CodeBlock
                code={`npx gatehouse serve${data} --workspace workspace.json --reset`}
                label="load command"
              />
            }
          >
            Edit it in your editor, then restart the server with it:
          </Hint>
        </>
      }
    />
  )
}
