import { lazy, Suspense } from 'react'
import { Center, Loader } from '@mantine/core'
import { PageHeader } from '../../components/PageHeader'

// Loaded when the view opens, so the first screen does not pay for its forms.
const AppsPage = lazy(() => import('./AppsPage'))

export function AppsView() {
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Apps" />
          <Center h={200}>
            <Loader size="sm" aria-label="Loading" />
          </Center>
        </>
      }
    >
      <AppsPage />
    </Suspense>
  )
}
