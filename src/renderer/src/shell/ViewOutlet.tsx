import { Anchor, EmptyState, Paper } from '@mantine/core'
import { IconMapQuestion } from '@tabler/icons-react'
import type { ComponentType } from 'react'
import { AppsView } from '../features/apps/AppsView'
import { ErrorsView } from '../features/errors/ErrorsView'
import { FlowsView } from '../features/flows/FlowsView'
import { JwtView } from '../features/jwt/JwtView'
import { RunView } from '../features/run/RunView'
import { SettingsView } from '../features/settings/SettingsView'
import { StatusPage } from '../features/status/StatusPage'
import { TrafficView } from '../features/traffic/TrafficView'
import { UsageView } from '../features/usage/UsageView'
import { UsersView } from '../features/users/UsersView'
import { WorkspaceView } from '../features/workspace/WorkspaceView'
import { PageHeader } from '../components/PageHeader'
import { hrefFor } from './router'
import { DEFAULT_VIEW } from './views'
import type { ViewId } from './views'

const COMPONENTS: Record<ViewId, ComponentType> = {
  status: StatusPage,
  traffic: TrafficView,
  flows: FlowsView,
  run: RunView,
  errors: ErrorsView,
  apps: AppsView,
  users: UsersView,
  usage: UsageView,
  workspace: WorkspaceView,
  jwt: JwtView,
  settings: SettingsView,
}

export function ViewOutlet({ view, requested }: { view: ViewId | null; requested: string }) {
  if (view) {
    const Component = COMPONENTS[view]
    return <Component />
  }
  return (
    <>
      <PageHeader title="Not found" />
      <Paper withBorder radius="md" py={48} px="xl">
        <EmptyState
          size="lg"
          icon={<IconMapQuestion size={30} stroke={1.6} />}
          withIndicatorBackground
          title={`There is no view called “${requested}”`}
          description={
            <>
              The address may come from a newer version of Gatehouse.{' '}
              <Anchor href={hrefFor(DEFAULT_VIEW)}>Go to Status</Anchor>
            </>
          }
        />
      </Paper>
    </>
  )
}
