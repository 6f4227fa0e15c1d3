import { lazy, Suspense } from 'react'
import { Center, Loader } from '@mantine/core'
import { PageHeader } from '../../components/PageHeader'
import { JWT_DESCRIPTION } from './description'

// The inspector brings jose (decode, verify, sign) and Monaco: loaded when the view opens.
const JwtInspector = lazy(() => import('./JwtInspector'))

export function JwtView() {
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="JWT" description={JWT_DESCRIPTION} />
          <Center h={200}>
            <Loader size="sm" aria-label="Loading the JWT inspector" />
          </Center>
        </>
      }
    >
      <JwtInspector />
    </Suspense>
  )
}
