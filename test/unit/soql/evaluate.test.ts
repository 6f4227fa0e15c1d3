import { describe, expect, it } from 'vitest'
import { dateLiteralRange } from '../../../src/core/api/soql/date-literals'
import { SoqlError } from '../../../src/core/api/soql/errors'
import { id, names, NOW, run, sampleOrg } from './tables'

const org = sampleOrg()

function refusal(text: string): SoqlError {
  try {
    run(org, text)
  } catch (err) {
    if (err instanceof SoqlError) return err
    throw err
  }
  throw new Error(`expected ${text} to be refused`)
}

describe('SOQL evaluation', () => {
  it('compares text without regard to case; != and NOT IN keep empty fields', () => {
    expect(names(run(org, "SELECT Name FROM Account WHERE Name = 'BURLINGTON'"))).toEqual([
      'burlington',
    ])
    expect(names(run(org, "SELECT Name FROM Account WHERE Industry != 'Energy'"))).toEqual([
      'Edge',
      'burlington',
      'Pyramid',
    ])
    expect(
      names(run(org, "SELECT Name FROM Account WHERE Industry NOT IN ('Apparel', 'Energy')")),
    ).toEqual(['Edge', 'Pyramid'])
    expect(names(run(org, 'SELECT Name FROM Account WHERE Industry = null'))).toEqual(['Pyramid'])
    expect(names(run(org, "SELECT Name FROM Account WHERE Industry IN ('energy', null)"))).toEqual([
      'Pyramid',
      'United 50% Oil',
    ])
  })

  it('compares numbers, and leaves out empty values from < and >', () => {
    expect(names(run(org, 'SELECT Name FROM Account WHERE AnnualRevenue >= 200'))).toEqual([
      'burlington',
      'Pyramid',
    ])
    expect(names(run(org, 'SELECT Name FROM Account WHERE NumberOfEmployees < 100'))).toEqual([
      'Edge',
      'Pyramid',
    ])
  })

  it('matches LIKE patterns: % any run, _ one character, \\% itself', () => {
    expect(names(run(org, "SELECT Name FROM Account WHERE Name LIKE 'b%'"))).toEqual(['burlington'])
    expect(names(run(org, "SELECT Name FROM Account WHERE Name LIKE '_dg_'"))).toEqual(['Edge'])
    expect(names(run(org, "SELECT Name FROM Account WHERE Name LIKE '%50\\% %'"))).toEqual([
      'United 50% Oil',
    ])
    expect(names(run(org, "SELECT Name FROM Account WHERE Name LIKE '%5_\\%%'"))).toEqual([
      'United 50% Oil',
    ])
  })

  it('combines conditions with AND, OR, NOT and parentheses', () => {
    const text =
      "SELECT Name FROM Account WHERE (Industry = 'Energy' OR AnnualRevenue > 250) AND NOT Name LIKE 'U%'"
    expect(names(run(org, text))).toEqual(['burlington'])
  })

  it('orders with nulls first ascending and last descending unless told, then LIMIT and OFFSET', () => {
    expect(names(run(org, 'SELECT Name FROM Account ORDER BY Industry'))).toEqual([
      'Pyramid',
      'burlington',
      'Edge',
      'United 50% Oil',
    ])
    expect(names(run(org, 'SELECT Name FROM Account ORDER BY Industry DESC'))).toEqual([
      'United 50% Oil',
      'Edge',
      'burlington',
      'Pyramid',
    ])
    expect(
      names(run(org, 'SELECT Name FROM Account ORDER BY Industry ASC NULLS LAST, Name DESC')),
    ).toEqual(['burlington', 'Edge', 'United 50% Oil', 'Pyramid'])
    expect(names(run(org, 'SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1'))).toEqual([
      'Edge',
      'Pyramid',
    ])
  })

  it('finds records by 15- or 18-character id', () => {
    const long = id('001', 3)
    expect(names(run(org, `SELECT Name FROM Account WHERE Id = '${long}'`))).toEqual(['Pyramid'])
    expect(names(run(org, `SELECT Name FROM Account WHERE Id = '${long.slice(0, 15)}'`))).toEqual([
      'Pyramid',
    ])
    expect(
      names(run(org, `SELECT Name FROM Account WHERE Id IN ('${id('001', 1)}', '${long}')`)),
    ).toEqual(['Edge', 'Pyramid'])
  })

  it('follows parent relationships in filters and order', () => {
    const result = run(
      org,
      "SELECT LastName FROM Contact WHERE Account.Owner.LastName = 'Sales' OR Account.Name LIKE 'B%' ORDER BY Account.Name DESC, LastName",
    )
    expect(names(result, 'LastName')).toEqual(['Forbes', 'Gonzalez', 'Rogers'])
    expect(
      names(run(org, 'SELECT LastName FROM Contact c WHERE c.Account.Name = null'), 'LastName'),
    ).toEqual(['Loner'])
  })

  it('leaves deleted records to queryAll', () => {
    expect(run(org, 'SELECT COUNT() FROM Account').totalSize).toBe(4)
    expect(run(org, 'SELECT COUNT() FROM Account', { all: true }).totalSize).toBe(5)
    expect(
      names(run(org, 'SELECT Name FROM Account WHERE IsDeleted = true', { all: true })),
    ).toEqual(['Gone'])
  })

  it('counts: COUNT() in totalSize, COUNT(field) as an AggregateResult', () => {
    expect(run(org, "SELECT COUNT() FROM Account WHERE Industry = 'Energy'")).toMatchObject({
      totalSize: 1,
      records: [],
    })
    expect(run(org, 'SELECT COUNT(Industry), COUNT(Id) n FROM Account').aggregate).toEqual({
      expr0: 3,
      n: 4,
    })
  })

  it('evaluates date literals against the virtual clock, in UTC', () => {
    expect(names(run(org, 'SELECT Name FROM Account WHERE CreatedDate = TODAY'))).toEqual(['Edge'])
    expect(names(run(org, 'SELECT Name FROM Account WHERE CreatedDate = YESTERDAY'))).toEqual([
      'burlington',
    ])
    expect(names(run(org, 'SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:1'))).toEqual([
      'Edge',
      'burlington',
    ])
    expect(names(run(org, 'SELECT Name FROM Account WHERE CreatedDate >= THIS_YEAR'))).toEqual([
      'Edge',
      'burlington',
      'Pyramid',
    ])
    expect(names(run(org, 'SELECT Name FROM Account WHERE CreatedDate < THIS_YEAR'))).toEqual([
      'United 50% Oil',
    ])
    expect(
      names(run(org, 'SELECT Name FROM Account WHERE CreatedDate > 2025-06-01T00:00:00Z')),
    ).toEqual(['Edge', 'burlington'])
    expect(
      names(run(org, 'SELECT LastName FROM Contact WHERE Birthdate < 1985-01-01'), 'LastName'),
    ).toEqual(['Gonzalez'])
    // The same query a day later: the answer moves with the clock.
    const tomorrow = NOW + 86_400_000
    expect(
      names(run(org, 'SELECT Name FROM Account WHERE CreatedDate = YESTERDAY', { now: tomorrow })),
    ).toEqual(['Edge'])
  })

  it('works out date literal ranges', () => {
    const day = 86_400_000
    const today = Date.UTC(2025, 5, 18)
    expect(dateLiteralRange('TODAY', null, NOW)).toEqual({ start: today, end: today + day })
    expect(dateLiteralRange('LAST_N_DAYS', 7, NOW)).toEqual({
      start: today - 7 * day,
      end: today + day,
    })
    expect(dateLiteralRange('NEXT_N_DAYS', 2, NOW)).toEqual({
      start: today + day,
      end: today + 3 * day,
    })
    expect(dateLiteralRange('N_DAYS_AGO', 3, NOW)).toEqual({
      start: today - 3 * day,
      end: today - 2 * day,
    })
    expect(dateLiteralRange('THIS_WEEK', null, NOW)).toEqual({
      start: Date.UTC(2025, 5, 15),
      end: Date.UTC(2025, 5, 22),
    })
    expect(dateLiteralRange('LAST_MONTH', null, NOW)).toEqual({
      start: Date.UTC(2025, 4, 1),
      end: Date.UTC(2025, 5, 1),
    })
    expect(dateLiteralRange('THIS_QUARTER', null, NOW)).toEqual({
      start: Date.UTC(2025, 3, 1),
      end: Date.UTC(2025, 6, 1),
    })
    expect(dateLiteralRange('LAST_N_MONTHS', 2, NOW)).toEqual({
      start: Date.UTC(2025, 3, 1),
      end: Date.UTC(2025, 5, 1),
    })
    expect(dateLiteralRange('NEXT_YEAR', null, NOW)).toEqual({
      start: Date.UTC(2026, 0, 1),
      end: Date.UTC(2027, 0, 1),
    })
  })
})

describe('SOQL resolution errors', () => {
  it.each([
    ['SELECT Id FROM Acount', 'INVALID_TYPE', "sObject type 'Acount' is not supported."],
    ['SELECT Nme FROM Account', 'INVALID_FIELD', "No such column 'Nme' on entity 'Account'."],
    [
      'SELECT Acount.Name FROM Contact',
      'INVALID_FIELD',
      "Didn't understand relationship 'Acount' in field path.",
    ],
    [
      'SELECT Id FROM Account WHERE Name = 5',
      'INVALID_FIELD',
      "value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes",
    ],
    [
      "SELECT Id FROM Account WHERE AnnualRevenue = '5'",
      'INVALID_FIELD',
      "value of filter criterion for field 'AnnualRevenue' must be of type currency and should not be enclosed in quotes",
    ],
    [
      "SELECT Id FROM Account WHERE IsDeleted = 'true'",
      'INVALID_FIELD',
      'must be of type boolean and should not be enclosed in quotes',
    ],
    [
      'SELECT Id FROM Account WHERE CreatedDate = 2024-01-01',
      'INVALID_FIELD',
      'must be of type dateTime',
    ],
    ['SELECT Id FROM Account WHERE Name = TODAY', 'INVALID_FIELD', 'must be of type string'],
    [
      "SELECT Id FROM Account WHERE Id = 'abc'",
      'INVALID_QUERY_FILTER_OPERATOR',
      'invalid ID field: abc',
    ],
    [
      "SELECT Id FROM Account WHERE Description = 'x'",
      'INVALID_FIELD',
      "field 'Description' can not be filtered in a query call",
    ],
    [
      'SELECT Id FROM Account ORDER BY Description',
      'INVALID_FIELD',
      "field 'Description' can not be sorted in a query call",
    ],
    [
      'SELECT Id FROM Account OFFSET 2001',
      'NUMBER_OUTSIDE_VALID_RANGE',
      'Maximum SOQL offset allowed is 2000',
    ],
    ['SELECT Name, name FROM Account', 'MALFORMED_QUERY', 'duplicate field selected: Name'],
    [
      'SELECT Name, COUNT(Id) FROM Account',
      'MALFORMED_QUERY',
      'Field must be grouped or aggregated: Name',
    ],
    [
      'SELECT COUNT(), Name FROM Account',
      'MALFORMED_QUERY',
      'COUNT() must be the only element in the SELECT list',
    ],
    [
      "SELECT Id FROM Account WHERE AnnualRevenue LIKE '1%'",
      'INVALID_QUERY_FILTER_OPERATOR',
      'LIKE applies to text fields only',
    ],
  ])('%s → %s', (text, code, problem) => {
    const err = refusal(text)
    expect(err.code).toBe(code)
    expect(err.problem).toContain(problem)
    expect(err.position).not.toBeNull()
  })
})
