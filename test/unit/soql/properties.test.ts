import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SoqlError } from '../../../src/core/api/soql/errors'
import { parseSoql } from '../../../src/core/api/soql/parser'
import { NOW, run, sampleOrg } from './tables'

/**
 * Whatever text arrives in `q`, the parser answers with a tree or a MALFORMED_QUERY error —
 * never a crash, a stack overflow or another kind of exception — and the whole pipeline
 * (parse, resolve against the org, evaluate) only ever fails with Salesforce's query codes.
 */

const QUERY_CODES = new Set([
  'MALFORMED_QUERY',
  'INVALID_FIELD',
  'INVALID_TYPE',
  'INVALID_QUERY_FILTER_OPERATOR',
  'NUMBER_OUTSIDE_VALID_RANGE',
])

function parseOutcome(text: string): 'parsed' | 'refused' {
  try {
    parseSoql(text)
    return 'parsed'
  } catch (err) {
    expect(err).toBeInstanceOf(SoqlError)
    expect((err as SoqlError).code).toBe('MALFORMED_QUERY')
    return 'refused'
  }
}

const org = sampleOrg()

function pipelineOutcome(text: string): 'ran' | 'refused' {
  try {
    run(org, text)
    return 'ran'
  } catch (err) {
    expect(err).toBeInstanceOf(SoqlError)
    expect(QUERY_CODES.has((err as SoqlError).code)).toBe(true)
    return 'refused'
  }
}

/** Pieces of SOQL, so generated text often gets deep into the grammar. */
const VOCABULARY = [
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
  'LIMIT',
  'OFFSET',
  'NULL',
  'TRUE',
  'FALSE',
  'COUNT',
  'FOR',
  'VIEW',
  'GROUP',
  'WITH',
  'TODAY',
  'LAST_N_DAYS',
  'THIS_YEAR',
  'Id',
  'Name',
  'Account',
  'Contact',
  'Industry',
  'AnnualRevenue',
  'CreatedDate',
  'Owner',
  'LastName',
  'IsDeleted',
  'Birthdate',
  'Description',
  'a',
  '(',
  ')',
  ',',
  '.',
  ':',
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  "'x'",
  "'%a_'",
  "'001000000000001AAA'",
  "'it\\'s'",
  '5',
  '-2.5',
  '0',
  '2001',
  '2024-01-01',
  '2024-01-01T00:00:00Z',
  '2024-13-01',
  "'",
  '\\',
  '#',
  '\n',
]

const tokenSoup = fc
  .array(fc.constantFrom(...VOCABULARY), { maxLength: 30 })
  .map((tokens) => tokens.join(' '))

/** Queries that follow the grammar's shape, with random choices inside. */
const field = fc.constantFrom(
  'Id',
  'Name',
  'Industry',
  'AnnualRevenue',
  'CreatedDate',
  'IsDeleted',
  'Owner.Name',
  'Nope',
  'Description',
)
const value = fc.constantFrom(
  "'Edge'",
  "'b%'",
  '100',
  '2.5',
  'TRUE',
  'NULL',
  'TODAY',
  'LAST_N_DAYS:3',
  '2025-01-01T00:00:00Z',
  "'001000000000001AAA'",
)
const operator = fc.constantFrom('=', '!=', '<', '<=', '>', '>=', 'LIKE')
const leaf = fc.oneof(
  fc.tuple(field, operator, value).map(([f, o, v]) => `${f} ${o} ${v}`),
  fc
    .tuple(field, fc.boolean(), fc.array(value, { minLength: 1, maxLength: 3 }))
    .map(([f, not, vs]) => `${f} ${not ? 'NOT IN' : 'IN'} (${vs.join(', ')})`),
)
const condition: fc.Arbitrary<string> = fc.letrec((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc
      .tuple(tie('cond'), fc.constantFrom('AND', 'OR'), tie('cond'))
      .map(([a, j, b]) => `(${a}) ${j} (${b})`),
    tie('cond').map((c) => `NOT (${c})`),
  ),
})).cond as fc.Arbitrary<string>
const shapedQuery = fc
  .tuple(
    fc.array(field, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('Account', 'account', 'Contact', 'Nothing__c'),
    fc.option(condition),
    fc.option(fc.tuple(field, fc.constantFrom('', ' DESC', ' ASC NULLS LAST'))),
    fc.option(fc.nat(60)),
    fc.option(fc.nat(2100)),
  )
  .map(([fields, object, where, order, limit, offset]) =>
    [
      `SELECT ${fields.join(', ')} FROM ${object}`,
      where ? `WHERE ${where}` : '',
      order ? `ORDER BY ${order[0]}${order[1]}` : '',
      limit !== null ? `LIMIT ${limit}` : '',
      offset !== null ? `OFFSET ${offset}` : '',
    ].join(' '),
  )

describe('SOQL parser properties', () => {
  it('any string: a tree or MALFORMED_QUERY, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => void parseOutcome(text)),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => void parseOutcome(text)),
      { numRuns: 500 },
    )
  })

  it('SOQL-like token soup: a tree or MALFORMED_QUERY', () => {
    fc.assert(
      fc.property(tokenSoup, (text) => void parseOutcome(text)),
      { numRuns: 3000 },
    )
  })

  it('after a valid prefix, any suffix: a tree or MALFORMED_QUERY', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        (suffix) => void parseOutcome(`SELECT Id FROM Account WHERE ${suffix}`),
      ),
      { numRuns: 1000 },
    )
  })

  it('grammar-shaped queries parse, and the pipeline fails only with query error codes', () => {
    const outcomes = { ran: 0, refused: 0 }
    fc.assert(
      fc.property(shapedQuery, (text) => {
        expect(parseOutcome(text)).toBe('parsed')
        outcomes[pipelineOutcome(text)]++
      }),
      { numRuns: 1500 },
    )
    // Both paths were exercised: the generator is not just producing refusals.
    expect(outcomes.ran).toBeGreaterThan(50)
    expect(outcomes.refused).toBeGreaterThan(50)
  })

  it('token soup through the whole pipeline fails only with query error codes', () => {
    fc.assert(
      fc.property(
        tokenSoup,
        (text) => void pipelineOutcome(`SELECT Id FROM Account WHERE ${text}`),
      ),
      { numRuns: 1500 },
    )
  })
})

describe('SOQL evaluation properties', () => {
  // NOT NOT (c) is c, but it hides c from the equality-index planner: the two answers must agree.
  it('index-narrowed scans return exactly what full scans return', () => {
    const indexable = fc
      .tuple(
        fc.constantFrom('Name', 'Industry', 'Id', 'Owner.LastName'),
        fc.constantFrom(
          "'Edge'",
          "'Energy'",
          "'burlington'",
          "'Sales'",
          "'001000000000001AAA'",
          "'nobody'",
        ),
      )
      .map(([f, v]) => (f === 'Id' && !v.startsWith("'001") ? `Name = ${v}` : `${f} = ${v}`))
    const tree: fc.Arbitrary<string> = fc.letrec((tie) => ({
      c: fc.oneof(
        { depthSize: 'small' },
        indexable,
        fc.constant('AnnualRevenue > 150'),
        fc
          .tuple(tie('c'), fc.constantFrom('AND', 'OR'), tie('c'))
          .map(([a, j, b]) => `(${a}) ${j} (${b})`),
      ),
    })).c as fc.Arbitrary<string>
    fc.assert(
      fc.property(
        tree,
        fc.constantFrom('', ' ORDER BY Name DESC', ' ORDER BY AnnualRevenue'),
        (where, order) => {
          const plain = run(org, `SELECT Name FROM Account WHERE ${where}${order}`, { now: NOW })
          const scanned = run(org, `SELECT Name FROM Account WHERE NOT (NOT (${where}))${order}`, {
            now: NOW,
          })
          expect(plain.records.map((r) => r.id)).toEqual(scanned.records.map((r) => r.id))
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('cached sort orders', () => {
  it('an ascending sort cached first never serves a descending query on the same field', () => {
    const fresh = sampleOrg()
    // Equality on Name only: the index narrows the rows, then cached ranks order them.
    const where = "Name = 'Edge' OR Name = 'burlington'"
    const asc = run(fresh, `SELECT Name FROM Account WHERE ${where} ORDER BY Name`, { now: NOW })
    const desc = run(fresh, `SELECT Name FROM Account WHERE ${where} ORDER BY Name DESC`, {
      now: NOW,
    })
    const scanned = run(
      fresh,
      `SELECT Name FROM Account WHERE NOT (NOT (${where})) ORDER BY Name DESC`,
      {
        now: NOW,
      },
    )
    expect(asc.records.length).toBeGreaterThan(1)
    expect(desc.records.map((r) => r.id)).toEqual(scanned.records.map((r) => r.id))
  })
})
