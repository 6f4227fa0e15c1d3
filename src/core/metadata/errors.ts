/**
 * A metadata file Gatehouse cannot read: malformed XML, a missing required element or a value
 * outside the element's enum. Names the file (its path inside the project), the line and the
 * element so the developer can go straight to it. Reading stops at the first one and nothing
 * in the workspace changes.
 */
export class MetadataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly element: string | null,
    readonly detail: string,
  ) {
    const where = [line !== null ? `line ${line}` : null, element !== null ? `<${element}>` : null]
      .filter((part) => part !== null)
      .join(', ')
    super(`${file}${where ? ` (${where})` : ''}: ${detail}`)
    this.name = 'MetadataError'
  }
}
