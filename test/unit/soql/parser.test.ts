import { describe, expect, it } from 'vitest'
import { SoqlError, soqlErrorMessage } from '../../../src/core/api/soql/errors'
import { tokenize } from '../../../src/core/api/soql/lexer'
import { parseSoql } from '../../../src/core/api/soql/parser'

function parseError(text: string): SoqlError {
  try {
    parseSoql(text)
  } catch (err) {
    if (err instanceof SoqlError) return err
    throw err
  }
  throw new Error(`expected ${text} to be refused`)
}

describe('SOQL lexer', () => {
  it('reads words, strings, numbers, dates, date-times and punctuation with positions', () => {
    const tokens = tokenize(
      "SELECT Id FROM A WHERE x >= -1.5 AND d = 2024-02-29\n AND t < 2024-01-01T10:00:00+01:00 AND s = 'it\\'s'",
    )
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['word', 'SELECT'],
      ['word', 'Id'],
      ['word', 'FROM'],
      ['word', 'A'],
      ['word', 'WHERE'],
      ['word', 'x'],
      ['punct', '>='],
      ['number', '-1.5'],
      ['word', 'AND'],
      ['word', 'd'],
      ['punct', '='],
      ['date', '2024-02-29'],
      ['word', 'AND'],
      ['word', 't'],
      ['punct', '<'],
      ['datetime', '2024-01-01T10:00:00+01:00'],
      ['word', 'AND'],
      ['word', 's'],
      ['punct', '='],
      ['string', "it's"],
      ['eof', '<EOF>'],
    ])
    expect(tokens[11]!.value).toBe(Date.UTC(2024, 1, 29))
    expect(tokens[15]!.value).toBe(Date.UTC(2024, 0, 1, 9))
    expect(tokens[15]!.pos).toEqual({ offset: 61, line: 2, column: 10 })
  })

  it('keeps \\% and \\_ escaped for LIKE and refuses unknown escapes', () => {
    expect(tokenize("'50\\% \\_x'")[0]!.text).toBe('50\\% \\_x')
    expect(() => tokenize("'a\\qb'")).toThrow(/Illegal character sequence '\\q'/)
  })

  it('refuses impossible dates, zoneless date-times, stray characters and open strings', () => {
    expect(() => tokenize('2023-02-29')).toThrow(/invalid date/)
    expect(() => tokenize('2024-01-01T10:00:00')).toThrow(/time zone/)
    expect(() => tokenize('SELECT # FROM')).toThrow(/no viable alternative at character '#'/)
    expect(() => tokenize("'open")).toThrow(SoqlError)
  })
})

describe('SOQL parser', () => {
  it('builds the tree of a full query', () => {
    const q = parseSoql(
      "select Id, Account.Owner.Name from Contact c where (Name like 'A%' or c.Email != null) and not LeadSource in ('Web', 'Other') order by Name desc nulls last, Id limit 10 offset 5 for view",
    )
    expect(q.select).toEqual([
      { kind: 'field', field: { path: ['Id'], pos: expect.any(Object) } },
      { kind: 'field', field: { path: ['Account', 'Owner', 'Name'], pos: expect.any(Object) } },
    ])
    expect(q.from).toMatchObject({ name: 'Contact', alias: 'c' })
    expect(q.where).toMatchObject({
      kind: 'and',
      operands: [
        {
          kind: 'or',
          operands: [
            { kind: 'like', field: { path: ['Name'] }, pattern: { kind: 'string', value: 'A%' } },
            {
              kind: 'compare',
              field: { path: ['c', 'Email'] },
              operator: '!=',
              value: { kind: 'null' },
            },
          ],
        },
        {
          kind: 'not',
          operand: { kind: 'in', negated: false, values: [{ value: 'Web' }, { value: 'Other' }] },
        },
      ],
    })
    expect(q.orderBy).toMatchObject([
      { field: { path: ['Name'] }, direction: 'DESC', nulls: 'LAST' },
      { field: { path: ['Id'] }, direction: 'ASC', nulls: null },
    ])
    expect(q.limit?.value).toBe(10)
    expect(q.offset?.value).toBe(5)
  })

  it('reads COUNT(), COUNT(field) with alias, NOT IN, <> and date literals', () => {
    expect(parseSoql('SELECT COUNT() FROM Account').select).toMatchObject([
      { kind: 'count', field: null, alias: null },
    ])
    expect(parseSoql('SELECT COUNT(Id) total FROM Account').select).toMatchObject([
      { kind: 'count', field: { path: ['Id'] }, alias: 'total' },
    ])
    const q = parseSoql(
      "SELECT Id FROM Account WHERE Type NOT IN ('A') AND Name <> 'x' AND CreatedDate = LAST_N_DAYS:30 AND CloseDate < TODAY",
    )
    expect(q.where).toMatchObject({
      kind: 'and',
      operands: [
        { kind: 'in', negated: true },
        { kind: 'compare', operator: '!=' },
        { kind: 'compare', value: { kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 30 } },
        { kind: 'compare', value: { kind: 'dateLiteral', name: 'TODAY', n: null } },
      ],
    })
  })

  it('lets an object named Order be queried and ordered', () => {
    expect(parseSoql('SELECT Id FROM Order ORDER BY Id').from).toMatchObject({
      name: 'Order',
      alias: null,
    })
  })

  it('points at the unexpected token, as Salesforce does', () => {
    const err = parseError('SELECT Id FORM Account')
    expect(err.code).toBe('MALFORMED_QUERY')
    expect(soqlErrorMessage('SELECT Id FORM Account', err)).toBe(
      "\nSELECT Id FORM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'",
    )
    expect(parseError('SELECT Id FROM Account WHERE').problem).toBe("unexpected token: '<EOF>'")
    expect(parseError('SELECT Id\nFROM Account\nLIMIT x').position).toMatchObject({
      line: 3,
      column: 7,
    })
  })

  it('needs parentheses to mix AND and OR', () => {
    expect(parseError("SELECT Id FROM A WHERE a = 'x' AND b = 'y' OR c = 'z'").problem).toBe(
      "unexpected token: 'OR'",
    )
    expect(() => parseSoql("SELECT Id FROM A WHERE a = 'x' AND (b = 'y' OR c = 'z')")).not.toThrow()
  })

  it.each([
    ['SELECT (SELECT Id FROM Contacts) FROM Account', 'A relationship subquery'],
    ['SELECT Name, SUM(Amount) FROM Opportunity', 'SUM()'],
    ['SELECT Id FROM Account GROUP BY Name', 'GROUP BY'],
    ['SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)', 'A semi-join subquery'],
    ["SELECT Id FROM Account WHERE Tags__c INCLUDES ('a')", 'INCLUDES'],
    ['SELECT Id FROM Account WITH SECURITY_ENFORCED', 'WITH'],
  ])('names what the subset does not support: %s', (text, what) => {
    const err = parseError(text)
    expect(err.code).toBe('MALFORMED_QUERY')
    expect(err.problem).toBe(`${what} is not supported by Gatehouse's SOQL subset`)
  })

  it.each([
    'SELECT FROM Account',
    'SELECT Id, FROM Account',
    'SELECT Id FROM',
    'SELECT Id FROM Account LIMIT -1',
    'SELECT Id FROM Account LIMIT 1.5',
    "SELECT Id FROM Account WHERE Name = 'a' 'b'",
    'SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS',
    'SELECT Id FROM Account WHERE CreatedDate = TODAY:3',
    'SELECT Id FROM Account WHERE Name = :bound',
    'SELECT Id FROM Account WHERE (Name = null',
    'SELECT Id FROM Account ORDER BY Name NULLS',
    'SELECT Name n FROM Account',
    'SELECT Id FROM Account, Contact',
  ])('refuses %s as MALFORMED_QUERY', (text) => {
    expect(parseError(text).code).toBe('MALFORMED_QUERY')
  })

  it('refuses nesting deeper than it can safely follow', () => {
    const deep = `SELECT Id FROM A WHERE ${'('.repeat(5000)}Name = 'x'${')'.repeat(5000)}`
    expect(parseError(deep).problem).toBe('Query is too complicated')
    const nots = `SELECT Id FROM A WHERE ${'NOT '.repeat(5000)}Name = 'x'`
    expect(parseError(nots).problem).toBe('Query is too complicated')
  })

  it('refuses statements longer than 100,000 characters', () => {
    expect(parseError(`SELECT Id FROM A WHERE Name = '${'x'.repeat(100_000)}'`).problem).toMatch(
      /cannot be longer than 100000 characters/,
    )
  })
})
