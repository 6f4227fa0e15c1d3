import type { WorkspacePermissionSet, WorkspaceProfile } from '../../workspace'

/**
 * Object and field permissions (README "Object and field permissions"): what a user may do
 * with each object and field through the REST API, as the union of what their profile and
 * permission sets grant, each grant remembered with where it came from so the Why tab can say
 * "permission set Integration Access grants Read on Account".
 *
 * A profile without `objectPermissions` leaves access control off for its users (every object
 * and field allowed), so workspaces written before these permissions keep working.
 */

export type ObjectRight = 'read' | 'create' | 'edit' | 'delete' | 'viewAll' | 'modifyAll'
export type FieldRight = 'read' | 'edit'

export const RIGHT_LABELS: Record<ObjectRight, string> = {
  read: 'Read',
  create: 'Create',
  edit: 'Edit',
  delete: 'Delete',
  viewAll: 'View All',
  modifyAll: 'Modify All',
}

/**
 * Salesforce will not save a permission without the ones it depends on (Edit needs Read,
 * Delete needs Edit, Modify All needs all but Create …), so a flag grants what it depends on:
 * a file that says only `edit: true` means Read and Edit, as it would in Setup.
 */
const GRANTED_BY: Record<ObjectRight, readonly ObjectRight[]> = {
  read: ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'],
  create: ['create'],
  edit: ['edit', 'delete', 'modifyAll'],
  delete: ['delete', 'modifyAll'],
  viewAll: ['viewAll', 'modifyAll'],
  modifyAll: ['modifyAll'],
}

/** One source of permissions: the user's profile or one of their permission sets. */
interface Source {
  label: string
  objects: Map<string, Partial<Record<ObjectRight, boolean>>>
  fields: Map<string, Partial<Record<FieldRight, boolean>>>
}

export interface AccessDecision {
  allowed: boolean
  /** Plain words for the Why tab: who grants it, or that nothing does and what was looked at. */
  because: string
}

function sourceOf(label: string, holder: WorkspaceProfile | WorkspacePermissionSet): Source {
  const lower = <T>(record: Record<string, T> | undefined) =>
    new Map(Object.entries(record ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
  return { label, objects: lower(holder.objectPermissions), fields: lower(holder.fieldPermissions) }
}

export class ObjectAccess {
  /** False: the profile has no objectPermissions, so everything is allowed. */
  readonly restricted: boolean
  private readonly sources: Source[]

  constructor(profile: WorkspaceProfile, permissionSets: readonly WorkspacePermissionSet[]) {
    this.restricted = profile.objectPermissions !== undefined
    this.sources = [
      sourceOf(`profile ${profile.name}`, profile),
      ...permissionSets.map((set) => sourceOf(`permission set ${set.name}`, set)),
    ]
  }

  object(object: string, right: ObjectRight): AccessDecision {
    const label = `${RIGHT_LABELS[right]} on ${object}`
    if (!this.restricted)
      return { allowed: true, because: `${label}: the profile does not restrict objects` }
    const key = object.toLowerCase()
    const granting = this.sources.filter((source) => {
      const flags = source.objects.get(key)
      return flags !== undefined && GRANTED_BY[right].some((flag) => flags[flag] === true)
    })
    if (granting.length > 0) {
      return {
        allowed: true,
        because: `${joinLabels(granting)} ${granting.length > 1 ? 'grant' : 'grants'} ${label}`,
      }
    }
    return { allowed: false, because: `nothing grants ${label} (${this.lookedAt()})` }
  }

  /**
   * A field is governed by the fieldPermissions entries that name it; one no source names is
   * readable where its object is readable and editable where its object is editable.
   */
  field(object: string, field: string, right: FieldRight): AccessDecision {
    const name = `${object}.${field}`
    const label = `${right === 'read' ? 'Read' : 'Edit'} on ${name}`
    if (!this.restricted)
      return { allowed: true, because: `${label}: the profile does not restrict fields` }
    const onObject = this.object(object, right)
    if (!onObject.allowed) return { allowed: false, because: onObject.because }
    const key = name.toLowerCase()
    const naming = this.sources.filter((source) => source.fields.has(key))
    if (naming.length === 0) {
      return {
        allowed: true,
        because: `${label}: no field permission names it, so ${onObject.because}`,
      }
    }
    const granting = naming.filter((source) => {
      const flags = source.fields.get(key)!
      return right === 'read' ? flags.read === true || flags.edit === true : flags.edit === true
    })
    if (granting.length > 0) {
      return {
        allowed: true,
        because: `${joinLabels(granting)} ${granting.length > 1 ? 'grant' : 'grants'} ${label}`,
      }
    }
    return {
      allowed: false,
      because: `nothing grants ${label}; ${joinLabels(naming)} ${naming.length > 1 ? 'name' : 'names'} it without ${right === 'read' ? 'Read' : 'Edit'}`,
    }
  }

  private lookedAt(): string {
    return this.sources.map((source) => source.label).join(', ')
  }
}

function joinLabels(sources: readonly Source[]): string {
  const labels = sources.map((source) => source.label)
  return labels.length <= 1
    ? (labels[0] ?? '')
    : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`
}
