import { IconFileExport, IconUsers } from '@tabler/icons-react'
import { useStatus } from '../../api/queries'
import { CodeBlock } from '../../components/CodeBlock'
import { Hint } from '../../components/Hint'
import { ViewPlaceholder } from '../../components/ViewPlaceholder'
import { shellQuote } from '../../lib/shell'

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

export function UsersView() {
  const status = useStatus()
  const counts = status.data?.counts
  const dataDir = status.data?.dataDir
  return (
    <ViewPlaceholder
      title="Users"
      description="The people who log in to the emulated org: their profiles and permission sets, login IP ranges, and the apps they are pre-authorized for."
      icon={IconUsers}
      emptyTitle={
        counts
          ? `${plural(counts.users, 'user', 'users')}, ${plural(counts.profiles, 'profile', 'profiles')} and ${plural(counts.permissionSets, 'permission set', 'permission sets')} will be listed here`
          : 'Users will be listed here'
      }
      emptyDescription="You will be able to add test users, switch them on and off, and see who may use which app. This view is not built yet."
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
          The workspace lists every user with the username and password to log in with:
        </Hint>
      }
    />
  )
}
