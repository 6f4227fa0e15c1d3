import type { CatalogEntry } from '../../../../shared/catalog-api'

/**
 * Every word of the query must appear somewhere in the entry (error code, description, step,
 * flows, tags, when / what the user sees / fix), case-insensitively, so "jwt audience" or
 * "refresh policy" narrow the list the way people describe the problem.
 */
export function searchCatalog(entries: CatalogEntry[], query: string): CatalogEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return entries
  return entries.filter((entry) => {
    const text = [
      entry.id,
      entry.title,
      entry.error,
      entry.errorDescription ?? '',
      entry.failedStep ?? '',
      entry.status ?? '',
      ...entry.flows,
      ...entry.tags,
      entry.when,
      entry.sees,
      entry.fix,
    ]
      .join('\n')
      .toLowerCase()
    return words.every((word) => text.includes(word))
  })
}
