import { migration001 } from './001-workspace'
import { migration002 } from './002-oauth'
import { migration003 } from './003-api'
import { migration004 } from './004-trace'
import { migration005 } from './005-policy'
import { migration006 } from './006-device-and-jwt'
import { migration007 } from './007-trace-own-file'
import { migration008 } from './008-runs'
import { migration009 } from './009-breakpoints'
import type { Migration } from './types'

export type { Migration } from './types'

/** Every migration, in the order they apply. Append new ones; never reorder or edit. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
]
