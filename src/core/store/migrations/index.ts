import { migration001 } from './001-workspace'
import { migration002 } from './002-oauth'
import type { Migration } from './types'

export type { Migration } from './types'

/** Every migration, in the order they apply. Append new ones; never reorder or edit. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002]
