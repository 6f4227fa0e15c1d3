import type {
  ComparisonOperator,
  Condition,
  FieldPath,
  Literal,
  OrderItem,
  Position,
  SelectItem,
  SoqlQuery,
} from './ast'
import { dateLiteralTakesN, isDateLiteralName } from './date-literals'
import { malformed, type SoqlError } from './errors'
import { tokenize, type Token } from './lexer'

/**
 * A recursive-descent parser for the SOQL subset:
 *
 *   query     := SELECT selectItem (',' selectItem)* FROM name [alias]
 *                [WHERE condition] [ORDER BY order (',' order)*] [LIMIT int] [OFFSET int]
 *                [FOR (VIEW | REFERENCE | UPDATE)] EOF
 *   selectItem:= COUNT '(' [path] ')' [alias] | path
 *   path      := word ('.' word)*
 *   condition := unary ((AND unary)* | (OR unary)*)      -- mixing needs parentheses
 *   unary     := NOT unary | '(' condition ')' | predicate
 *   predicate := path op value | path LIKE string | path [NOT] IN '(' value (',' value)* ')'
 *   value     := string | number | date | datetime | TRUE | FALSE | NULL
 *              | dateLiteral [':' int]
 *   order     := path [ASC | DESC] [NULLS (FIRST | LAST)]
 *
 * Every failure is a SoqlError with code MALFORMED_QUERY and the position of the offending
 * token; nothing else escapes (the property tests hold it to that).
 */

/** Salesforce's reserved words: never field, object or alias names. */
const RESERVED = new Set([
  'AND',
  'ASC',
  'DESC',
  'EXCLUDES',
  'FIRST',
  'FROM',
  'GROUP',
  'HAVING',
  'IN',
  'INCLUDES',
  'LAST',
  'LIKE',
  'LIMIT',
  'NOT',
  'NULL',
  'NULLS',
  'OR',
  'SELECT',
  'WHERE',
  'WITH',
])

/** Words that start a clause after FROM, so they cannot be the object's alias. */
const CLAUSE_WORDS = new Set([
  'WHERE',
  'WITH',
  'GROUP',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'FOR',
  'USING',
  'HAVING',
])

/** Functions Salesforce has that this subset does not evaluate: named in the error. */
const UNSUPPORTED_FUNCTIONS = new Set([
  'AVG',
  'MIN',
  'MAX',
  'SUM',
  'COUNT_DISTINCT',
  'TOLABEL',
  'FORMAT',
  'CONVERTCURRENCY',
  'CALENDAR_MONTH',
  'CALENDAR_YEAR',
  'DAY_ONLY',
  'FISCAL_YEAR',
  'GROUPING',
  'DISTANCE',
])

const COMPARISON: ReadonlySet<string> = new Set(['=', '!=', '<>', '<', '<=', '>', '>='])

/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 100

const unsupported = (what: string, pos: Position): SoqlError =>
  malformed(`${what} is not supported by Gatehouse's SOQL subset`, pos)

export function parseSoql(text: string): SoqlQuery {
  return new Parser(tokenize(text)).query()
}

class Parser {
  private index = 0
  private depth = 0

  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.index]!
  }

  private peek(ahead = 1): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!
  }

  private advance(): Token {
    const token = this.current
    if (token.kind !== 'eof') this.index++
    return token
  }

  private unexpected(token: Token = this.current): SoqlError {
    return malformed(`unexpected token: '${token.text}'`, token.pos)
  }

  private isWord(word: string, token: Token = this.current): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === word
  }

  private isPunct(punct: string, token: Token = this.current): boolean {
    return token.kind === 'punct' && token.text === punct
  }

  private acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false
    this.advance()
    return true
  }

  private expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.unexpected()
    return this.advance()
  }

  private expectPunct(punct: string): Token {
    if (!this.isPunct(punct)) throw this.unexpected()
    return this.advance()
  }

  /** A name: a word that is not reserved. */
  private name(): Token {
    const token = this.current
    if (token.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) throw this.unexpected()
    return this.advance()
  }

  query(): SoqlQuery {
    this.expectWord('SELECT')
    const select = this.selectList()
    this.expectWord('FROM')
    const from = this.fromClause()
    let where: Condition | null = null
    if (this.acceptWord('WHERE')) where = this.condition()
    this.refuseClauses()
    const orderBy = this.orderByClause()
    const limit = this.acceptWord('LIMIT') ? this.count() : null
    const offset = this.acceptWord('OFFSET') ? this.count() : null
    this.forClause()
    if (this.current.kind !== 'eof') throw this.unexpected()
    return { select, from, where, orderBy, limit, offset }
  }

  private selectList(): SelectItem[] {
    const items = [this.selectItem()]
    while (this.isPunct(',')) {
      this.advance()
      items.push(this.selectItem())
    }
    return items
  }

  private selectItem(): SelectItem {
    const token = this.current
    if (this.isPunct('(')) throw unsupported('A relationship subquery', token.pos)
    if (token.kind === 'word' && this.isPunct('(', this.peek())) {
      const fn = token.text.toUpperCase()
      if (fn !== 'COUNT') {
        if (UNSUPPORTED_FUNCTIONS.has(fn)) throw unsupported(`${fn}()`, token.pos)
        throw this.unexpected(this.peek())
      }
      this.advance()
      this.advance()
      const field = this.isPunct(')') ? null : this.fieldPath()
      this.expectPunct(')')
      let alias: string | null = null
      if (this.current.kind === 'word' && !this.isWord('FROM')) alias = this.name().text
      return { kind: 'count', field, alias, pos: token.pos }
    }
    if (this.isWord('TYPEOF')) throw unsupported('TYPEOF', token.pos)
    return { kind: 'field', field: this.fieldPath() }
  }

  private fieldPath(): FieldPath {
    const first = this.name()
    const path = [first.text]
    while (this.isPunct('.')) {
      this.advance()
      path.push(this.name().text)
    }
    return { path, pos: first.pos }
  }

  private fromClause(): SoqlQuery['from'] {
    const object = this.name()
    if (this.isPunct(',')) throw unsupported('Querying more than one object', this.current.pos)
    let alias: string | null = null
    const next = this.current
    const upper = next.kind === 'word' ? next.text.toUpperCase() : ''
    const startsClause =
      CLAUSE_WORDS.has(upper) && (upper !== 'ORDER' || this.isWord('BY', this.peek()))
    if (next.kind === 'word' && !startsClause) alias = this.name().text
    return { name: object.text, alias, pos: object.pos }
  }

  /** Clauses Salesforce has that this subset does not: refused by name, not as a typo. */
  private refuseClauses(): void {
    const token = this.current
    if (this.isWord('WITH')) throw unsupported('WITH', token.pos)
    if (this.isWord('GROUP')) throw unsupported('GROUP BY', token.pos)
    if (this.isWord('HAVING')) throw unsupported('HAVING', token.pos)
    if (this.isWord('USING')) throw unsupported('USING SCOPE', token.pos)
  }

  private condition(): Condition {
    if (++this.depth > MAX_DEPTH) throw malformed('Query is too complicated', this.current.pos)
    const first = this.unary()
    let joiner: 'AND' | 'OR' | null = null
    const operands = [first]
    while (this.isWord('AND') || this.isWord('OR')) {
      const word = this.current.text.toUpperCase() as 'AND' | 'OR'
      // SOQL gives AND and OR no precedence: mixing them needs parentheses.
      if (joiner !== null && word !== joiner) throw this.unexpected()
      joiner = word
      this.advance()
      operands.push(this.unary())
    }
    this.depth--
    if (joiner === null) return first
    return { kind: joiner === 'AND' ? 'and' : 'or', operands }
  }

  private unary(): Condition {
    if (this.acceptWord('NOT')) {
      if (++this.depth > MAX_DEPTH) throw malformed('Query is too complicated', this.current.pos)
      const operand = this.unary()
      this.depth--
      return { kind: 'not', operand }
    }
    if (this.isPunct('(')) {
      this.advance()
      const inner = this.condition()
      this.expectPunct(')')
      return inner
    }
    return this.predicate()
  }

  private predicate(): Condition {
    const field = this.fieldPath()
    const token = this.current
    if (token.kind === 'punct' && COMPARISON.has(token.text)) {
      this.advance()
      const operator = (token.text === '<>' ? '!=' : token.text) as ComparisonOperator
      return { kind: 'compare', field, operator, value: this.value() }
    }
    if (this.acceptWord('LIKE')) return { kind: 'like', field, pattern: this.value() }
    if (this.isWord('INCLUDES') || this.isWord('EXCLUDES')) {
      throw unsupported(token.text.toUpperCase(), token.pos)
    }
    const negated = this.acceptWord('NOT')
    if (this.acceptWord('IN')) return { kind: 'in', field, negated, values: this.valueList() }
    throw this.unexpected()
  }

  private valueList(): Literal[] {
    this.expectPunct('(')
    if (this.isWord('SELECT')) throw unsupported('A semi-join subquery', this.current.pos)
    const values = [this.value()]
    while (this.isPunct(',')) {
      this.advance()
      values.push(this.value())
    }
    this.expectPunct(')')
    return values
  }

  private value(): Literal {
    const token = this.current
    const pos = token.pos
    switch (token.kind) {
      case 'string':
        this.advance()
        return { kind: 'string', value: token.text, pos }
      case 'number':
        this.advance()
        return { kind: 'number', value: token.value!, integer: token.integer === true, pos }
      case 'date':
        this.advance()
        return { kind: 'date', value: token.value!, text: token.text, pos }
      case 'datetime':
        this.advance()
        return { kind: 'datetime', value: token.value!, text: token.text, pos }
      case 'word':
        return this.wordValue(token)
      default:
        throw this.unexpected()
    }
  }

  private wordValue(token: Token): Literal {
    const upper = token.text.toUpperCase()
    const pos = token.pos
    if (upper === 'NULL') {
      this.advance()
      return { kind: 'null', pos }
    }
    if (upper === 'TRUE' || upper === 'FALSE') {
      this.advance()
      return { kind: 'boolean', value: upper === 'TRUE', pos }
    }
    if (!isDateLiteralName(upper)) throw this.unexpected()
    this.advance()
    if (!dateLiteralTakesN(upper)) return { kind: 'dateLiteral', name: upper, n: null, pos }
    this.expectPunct(':')
    const n = this.current
    if (n.kind !== 'number' || !n.integer || n.value! < 0 || n.text.startsWith('+')) {
      throw this.unexpected()
    }
    this.advance()
    return { kind: 'dateLiteral', name: upper, n: n.value!, pos }
  }

  private orderByClause(): OrderItem[] {
    if (!this.isWord('ORDER')) return []
    this.advance()
    this.expectWord('BY')
    const items = [this.orderItem()]
    while (this.isPunct(',')) {
      this.advance()
      items.push(this.orderItem())
    }
    return items
  }

  private orderItem(): OrderItem {
    const field = this.fieldPath()
    let direction: OrderItem['direction'] = 'ASC'
    if (this.acceptWord('DESC')) direction = 'DESC'
    else this.acceptWord('ASC')
    let nulls: OrderItem['nulls'] = null
    if (this.acceptWord('NULLS')) {
      if (this.acceptWord('FIRST')) nulls = 'FIRST'
      else if (this.acceptWord('LAST')) nulls = 'LAST'
      else throw this.unexpected()
    }
    return { field, direction, nulls }
  }

  /** LIMIT and OFFSET take a non-negative integer. */
  private count(): { value: number; pos: Position } {
    const token = this.current
    if (token.kind !== 'number' || !token.integer || token.value! < 0 || /^[+-]/.test(token.text)) {
      throw this.unexpected()
    }
    this.advance()
    return { value: token.value!, pos: token.pos }
  }

  /** FOR VIEW / FOR REFERENCE / FOR UPDATE change nothing in an emulator; accepted. */
  private forClause(): void {
    if (!this.acceptWord('FOR')) return
    if (this.acceptWord('VIEW') || this.acceptWord('REFERENCE') || this.acceptWord('UPDATE')) return
    throw this.unexpected()
  }
}
