/**
 * The syntax tree of the SOQL subset Gatehouse understands. The parser builds it; the
 * resolver checks it against the org's objects; the evaluator runs the resolved form.
 * Every node that an error can point at keeps its position in the query text.
 */

/** Where a token starts: offset into the text, and 1-based row and column as Salesforce reports. */
export interface Position {
  offset: number
  line: number
  column: number
}

/** `Name`, `Account.Name`, `Account.Owner.Email`: the segments as written. */
export interface FieldPath {
  path: string[]
  pos: Position
}

export type SelectItem =
  | { kind: 'field'; field: FieldPath }
  /** `COUNT()` (field null) or `COUNT(Id) alias`. */
  | { kind: 'count'; field: FieldPath | null; alias: string | null; pos: Position }

export type Literal =
  | { kind: 'string'; value: string; pos: Position }
  | { kind: 'number'; value: number; integer: boolean; pos: Position }
  | { kind: 'boolean'; value: boolean; pos: Position }
  | { kind: 'null'; pos: Position }
  /** `2024-05-01`: value is the UTC midnight of that day, in ms. */
  | { kind: 'date'; value: number; text: string; pos: Position }
  /** `2024-05-01T10:00:00Z`: value in ms since the epoch. */
  | { kind: 'datetime'; value: number; text: string; pos: Position }
  /** `TODAY`, `LAST_N_DAYS:30`: name upper-cased; n present for the `_N_` forms. */
  | { kind: 'dateLiteral'; name: string; n: number | null; pos: Position }

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>='

export type Condition =
  | { kind: 'and' | 'or'; operands: Condition[] }
  | { kind: 'not'; operand: Condition }
  | {
      kind: 'compare'
      field: FieldPath
      operator: ComparisonOperator
      value: Literal
    }
  | { kind: 'like'; field: FieldPath; pattern: Literal }
  | { kind: 'in'; field: FieldPath; negated: boolean; values: Literal[] }

export interface OrderItem {
  field: FieldPath
  direction: 'ASC' | 'DESC'
  /** As written; null means the default (nulls first ascending, last descending). */
  nulls: 'FIRST' | 'LAST' | null
}

export interface SoqlQuery {
  select: SelectItem[]
  from: { name: string; alias: string | null; pos: Position }
  where: Condition | null
  orderBy: OrderItem[]
  limit: { value: number; pos: Position } | null
  offset: { value: number; pos: Position } | null
}
