import type { Position } from './ast'

/** The errorCodes a query can fail with, as Salesforce names them. */
export type SoqlErrorCode =
  | 'MALFORMED_QUERY'
  | 'INVALID_FIELD'
  | 'INVALID_TYPE'
  | 'INVALID_QUERY_FILTER_OPERATOR'
  | 'NUMBER_OUTSIDE_VALID_RANGE'

/**
 * A query Salesforce would refuse. `problem` is Salesforce's own sentence; `position`
 * (when known) is where the problem starts, which Salesforce shows as a caret under the
 * query line followed by "ERROR at Row:r:Column:c".
 */
export class SoqlError extends Error {
  readonly code: SoqlErrorCode
  readonly problem: string
  readonly position: Position | null

  constructor(code: SoqlErrorCode, problem: string, position: Position | null = null) {
    super(`${code}: ${problem}`)
    this.name = 'SoqlError'
    this.code = code
    this.problem = problem
    this.position = position
  }
}

export const malformed = (problem: string, position: Position | null = null): SoqlError =>
  new SoqlError('MALFORMED_QUERY', problem, position)

/**
 * The REST error message for a query error, in Salesforce's layout:
 * "\n<query line>\n<spaces>^\nERROR at Row:1:Column:12\n<problem>".
 */
export function soqlErrorMessage(query: string, error: SoqlError): string {
  const pos = error.position
  if (!pos) return error.problem
  const line = query.split(/\r\n|\r|\n/)[pos.line - 1] ?? ''
  const caret = ' '.repeat(Math.max(0, pos.column - 1)) + '^'
  return `\n${line}\n${caret}\nERROR at Row:${pos.line}:Column:${pos.column}\n${error.problem}`
}
