import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { elements, parseXml } from '../support/xml'

// `gatehouse test` as CI runs it: the built launcher, a real process, real files.
const BIN = join(process.cwd(), 'bin', 'gatehouse.js')
const CATALOG = join(process.cwd(), 'resources', 'scenarios')
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function gatehouseTest(args: string[]) {
  return spawnSync(process.execPath, [BIN, 'test', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    cwd: dir,
  })
}

function write(name: string, scenario: unknown): string {
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify(scenario, null, 2))
  return file
}

const wrongPassword = {
  gatehouse: 'scenario/1',
  name: 'a wrong password',
  steps: [
    {
      flow: 'username-password',
      app: 'Order Sync',
      user: 'ada@acme.test',
      edits: { token: { params: { password: 'wrong' } } },
      expect: { status: 400, error: 'invalid_grant', error_description: 'authentication failure' },
    },
  ],
}

describe('gatehouse test', () => {
  it('runs the catalog: JUnit XML with one testcase per scenario, exit 0', () => {
    const report = join(dir, 'report.xml')
    const result = gatehouseTest([CATALOG, '--reporter', 'junit', '--output', report])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    const scenarios = readdirSync(CATALOG).filter((name) => name.endsWith('.json'))
    expect(scenarios.length).toBeGreaterThanOrEqual(24)
    const root = parseXml(readFileSync(report, 'utf8'))
    expect(root.name).toBe('testsuites')
    expect(elements(root, 'testsuite')).toHaveLength(scenarios.length)
    expect(elements(root, 'testcase')).toHaveLength(scenarios.length)
    expect(elements(root, 'failure')).toHaveLength(0)
    // The spec summary still reaches the terminal.
    expect(result.stdout).toMatch(new RegExp(`^${scenarios.length} passed, 0 failed`, 'm'))
  })

  it('a wrong expectation exits 1 with a diff naming the field, expected, got and the Why', () => {
    const good = write('good.json', wrongPassword)
    const bad = write('bad.json', {
      ...wrongPassword,
      name: 'expects the wrong text',
      steps: [
        {
          ...wrongPassword.steps[0],
          expect: { status: 400, error_description: 'expired authorization code' },
        },
      ],
    })
    const result = gatehouseTest([good, bad, '--jobs', '2'])
    expect(result.status).toBe(1)
    expect(result.stdout).toMatch(/^✓ a wrong password — good\.json/m)
    expect(result.stdout).toMatch(/^✗ expects the wrong text — bad\.json/m)
    expect(result.stdout).toContain(
      '      error_description\n        expected: "expired authorization code"\n        got:      "authentication failure"',
    )
    expect(result.stdout).toMatch(/Why \(exchange \d+\), failed at password\.verify:/)
    expect(result.stdout).toContain('✗ password.verify: wrong password for ada@acme.test')
    expect(result.stdout).toMatch(/^1 passed, 1 failed/m)

    const json = gatehouseTest([bad, '--reporter', 'json'])
    expect(json.status).toBe(1)
    const parsed = JSON.parse(json.stdout) as { failed: number; results: Array<{ status: string }> }
    expect(parsed.failed).toBe(1)
    expect(parsed.results[0]!.status).toBe('failed')
  })

  it('an invalid file exits 2 naming the file and the JSON path; nothing runs', () => {
    const good = write('fine.json', wrongPassword)
    const invalid = write('invalid.json', {
      ...wrongPassword,
      steps: [{ ...wrongPassword.steps[0], expect: { stauts: 400 } }],
    })
    const result = gatehouseTest([good, invalid])
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('invalid.json: steps[0].expect.stauts: unknown field')

    const missing = gatehouseTest([join(dir, 'nope.json')])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('nope.json: (root): no such file or directory')

    const badOption = gatehouseTest([good, '--reporter', 'tap'])
    expect(badOption.status).not.toBe(0)
    expect(badOption.stderr).toContain('expected one of spec, junit, json')
  })

  it('--bail starts no scenario after a failure', () => {
    const first = write('a-fails.json', {
      ...wrongPassword,
      name: 'fails first',
      steps: [{ ...wrongPassword.steps[0], expect: { status: 200 } }],
    })
    const second = write('b-skipped.json', { ...wrongPassword, name: 'never runs' })
    const result = gatehouseTest([first, second, '--bail', '--jobs', '1'])
    expect(result.status).toBe(1)
    expect(result.stdout).toMatch(/^- never runs — .*\(skipped\)$/m)
  })
})
