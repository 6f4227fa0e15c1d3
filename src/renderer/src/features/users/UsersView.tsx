import { lazy, Suspense } from 'react'
import { Center, Loader } from '@mantine/core'
import { PageHeader } from '../../components/PageHeader'

// Loaded when the view opens, so the first screen does not pay for its forms.
const UsersPage = lazy(() => import('./UsersPage'))

export function UsersView() {
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Users" />
          <Center h={200}>
            <Loader size="sm" aria-label="Loading" />
          </Center>
        </>
      }
    >
      <UsersPage />
    </Suspense>
  )
}
