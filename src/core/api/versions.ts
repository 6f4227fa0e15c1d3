/**
 * The REST API versions Gatehouse answers for: 31.0 (Summer '14) to 66.0 (Spring '26), with
 * Salesforce's release names. Versions go up by one each release, three releases a year.
 */

export const OLDEST_VERSION = 31
export const NEWEST_VERSION = 66

const SEASONS = ['Summer', 'Winter', 'Spring'] as const

/** "Summer '14" for 31, "Winter '15" for 32, "Spring '15" for 33 … */
export function releaseName(major: number): string {
  const steps = major - OLDEST_VERSION
  const season = SEASONS[((steps % 3) + 3) % 3]!
  const year = 14 + Math.floor((steps + 2) / 3)
  return `${season} '${String(year).padStart(2, '0')}`
}

export interface ApiVersion {
  label: string
  url: string
  version: string
}

/** `GET /services/data`: oldest first, as Salesforce lists them. */
export function apiVersions(): ApiVersion[] {
  const list: ApiVersion[] = []
  for (let major = OLDEST_VERSION; major <= NEWEST_VERSION; major++) {
    list.push({
      label: releaseName(major),
      url: `/services/data/v${major}.0`,
      version: `${major}.0`,
    })
  }
  return list
}

/** "v62.0" → "62.0" when Gatehouse serves that version; otherwise null. */
export function parseVersion(segment: string): string | null {
  const m = /^v(\d{2})\.0$/.exec(segment)
  if (!m) return null
  const major = Number(m[1])
  return major >= OLDEST_VERSION && major <= NEWEST_VERSION ? `${major}.0` : null
}
