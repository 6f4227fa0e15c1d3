import { Anchor } from '@mantine/core'
import type { ReactNode } from 'react'
import { hrefFor } from '../shell/router'

/** A link to another view of the workbench. */
export function ViewLink({ view, children }: { view: string; children: ReactNode }) {
  return (
    <Anchor href={hrefFor(view)} fw={500}>
      {children}
    </Anchor>
  )
}
