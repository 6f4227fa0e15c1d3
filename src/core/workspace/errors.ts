import type { $ZodErrorMap, $ZodIssue, $ZodRawIssue } from 'zod/v4/core'

/** One problem in a workspace: where (a JSON path such as `apps[0].callbackUrls[0]`) and what. */
export interface WorkspaceIssue {
  path: string
  message: string
}

export const ROOT_PATH = '(root)'

/**
 * Thrown when a workspace does not validate. `issues` lists every problem found; the message
 * repeats them one per line (`path: message`) so a CLI or a log shows something useful as is.
 */
export class WorkspaceValidationError extends Error {
  readonly issues: WorkspaceIssue[]

  constructor(issues: WorkspaceIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'))
    this.name = 'WorkspaceValidationError'
    this.issues = issues
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** `['apps', 0, 'callbackUrls', 1]` → `apps[0].callbackUrls[1]`; `[]` → `(root)`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) {
      out += out === '' ? segment : `.${segment}`
    } else out += `[${JSON.stringify(String(segment))}]`
  }
  return out === '' ? ROOT_PATH : out
}

/** Turns zod's issues into workspace issues, one per unknown field. */
export function toWorkspaceIssues(issues: ReadonlyArray<$ZodIssue>): WorkspaceIssue[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: 'unknown field',
        }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  )
}

/**
 * Zod error map that words zod's built-in issues in plain language ("expected one of …",
 * "expected an integer, got 1.5"). Messages written on a schema itself take precedence over
 * this map, which is how fields such as callback URLs say exactly what they expect.
 */
export const plainErrorMap: $ZodErrorMap = (issue) => plainMessage(issue)

function plainMessage(issue: $ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `required field is missing (expected ${expectedType(issue.expected)})`
        : `expected ${expectedType(issue.expected)}, got ${describeValue(issue.input)}`
    case 'invalid_value': {
      const expected =
        issue.values.length === 1
          ? String(issue.values[0])
          : `one of ${issue.values.map(String).join(', ')}`
      return issue.input === undefined
        ? `required field is missing (expected ${expected})`
        : `expected ${expected}, got ${describeValue(issue.input)}`
    }
    case 'too_small':
      return `expected ${bound(issue.origin, issue.minimum, issue.inclusive, 'at least', 'more than')}`
    case 'too_big':
      return `expected ${bound(issue.origin, issue.maximum, issue.inclusive, 'at most', 'less than')}`
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}`
    case 'invalid_format':
      return `expected a valid ${issue.format}`
    case 'invalid_union':
      return unionMessage(issue)
    case 'invalid_key':
      return issue.issues[0]?.message ?? 'invalid key'
    case 'unrecognized_keys':
      return 'unknown field'
    default:
      return undefined
  }
}

function unionMessage(issue: Extract<$ZodRawIssue, { code: 'invalid_union' }>): string {
  const discriminator = issue.discriminator as string | undefined
  const options = issue.options as unknown[] | undefined
  if (discriminator && options) {
    const choices = `one of ${options.map(String).join(', ')}`
    const given = (issue.input as Record<string, unknown> | undefined)?.[discriminator]
    return given === undefined
      ? `required field is missing (expected ${choices})`
      : `expected ${choices}, got ${describeValue(given)}`
  }
  // A union of plain types (a record value may be a string, number, boolean or null).
  const alternatives = issue.errors.map((branch) =>
    branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0
      ? expectedType(branch[0]!.expected)
      : null,
  )
  if (alternatives.length > 0 && alternatives.every((text) => text !== null)) {
    return `expected ${joinOr(alternatives as string[])}, got ${describeValue(issue.input)}`
  }
  return 'does not match any of the allowed forms'
}

function expectedType(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer'
    case 'boolean':
      return 'a boolean (true or false)'
    case 'array':
      return 'an array'
    case 'object':
    case 'record':
      return 'an object'
    case 'null':
      return 'null'
    default:
      return `a ${expected}`
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    case 'number':
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return `a ${typeof value}`
  }
}

function bound(
  origin: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
  inclusiveWord: string,
  exclusiveWord: string,
): string {
  const word = inclusive === false ? exclusiveWord : inclusiveWord
  switch (origin) {
    case 'string':
      return `${word} ${limit} characters`
    case 'array':
    case 'set':
      return `${word} ${limit} items`
    default:
      return `${word} ${limit}`
  }
}

function joinOr(words: string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`
}
