import { lazy, Suspense } from 'react'
import { Center, Loader } from '@mantine/core'
import { PageHeader } from '../../components/PageHeader'

// Loaded when the view opens, so the first screen does not pay for its forms.
const WorkspacePage = lazy(() => import('./WorkspacePage'))

export function WorkspaceView() {
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Workspace" />
          <Center h={200}>
            <Loader size="sm" aria-label="Loading" />
          </Center>
        </>
      }
    >
      <WorkspacePage />
    </Suspense>
  )
}
