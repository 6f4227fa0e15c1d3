import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startServe, type ServeHandle } from './support/serve'

// `gatehouse run` as a user runs it: the built launcher in bin/, a real process.
const BIN = join(process.cwd(), 'bin', 'gatehouse.js')
const dirs: string[] = []
let serving: ServeHandle | undefined

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-run-'))
  dirs.push(dir)
  return dir
}

function gatehouse(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    input,
    env: { ...process.env, NO_COLOR: '1' },
  })
}

afterEach(async () => {
  await serving?.stop()
  serving = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('gatehouse run', () => {
  it('plays client credentials for Nightly ETL, printing the request, the answer and the Why; exit 0', () => {
    const result = gatehouse([
      'run',
      'client-credentials',
      '--app',
      'Nightly ETL',
      '--data',
      dataDir(),
    ])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain('→ POST /services/oauth2/token')
    expect(result.stdout).toContain('grant_type = client_credentials')
    // The secret is recognisable, never printed whole.
    expect(result.stdout).not.toContain(
      '1C2323BF42C9D11990B4557FE6E12B4777213A123425BD41B79C9C7422A49AB5',
    )
    expect(result.stdout).toMatch(/← 200 \(exchange \d+\)/)
    expect(result.stdout).toContain('✓ client_credentials.run_as')
    expect(result.stdout).toMatch(/✓ client-credentials completed for Nightly ETL/)
  })

  it('prints the run as JSON with --json: a completed web-server run, every step sent', () => {
    const result = gatehouse([
      'run',
      'web-server',
      '--app',
      'Order Sync',
      '--user',
      'ada@acme.test',
      '--data',
      dataDir(),
      '--json',
    ])
    expect(result.status, result.stderr).toBe(0)
    const run = JSON.parse(result.stdout) as {
      status: string
      steps: Array<{ name: string; status: string }>
    }
    expect(run.status).toBe('completed')
    expect(run.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      'authorize:sent',
      'login:sent',
      'continue:sent',
      'consent:sent',
      'token:sent',
    ])
  })

  it("exits 1 when a step is refused, showing the failed step and Salesforce's error", () => {
    const result = gatehouse([
      'run',
      'username-password',
      '--app',
      'Order Sync',
      '--user',
      'ada@acme.test',
      '--option',
      'password=wrong',
      '--data',
      dataDir(),
    ])
    expect(result.status).toBe(1)
    // Even a short password is shortened: recognisable, not printed whole.
    expect(result.stdout).toContain('password = wr… (5 chars)')
    expect(result.stdout).toContain('✗ password.verify')
    expect(result.stdout).toContain('400 invalid_grant: authentication failure')
    expect(result.stdout).toMatch(
      /✗ username-password was refused at step 1 \(token\): password\.verify/,
    )
  })

  it('exits 2 naming the field for an unknown app, an unknown flow or a flow the app does not allow', () => {
    const data = dataDir()
    const app = gatehouse(['run', 'web-server', '--app', 'Nope', '--data', data])
    expect(app.status).toBe(2)
    expect(app.stderr).toContain('app: no app is named Nope')
    const flow = gatehouse(['run', 'teleport', '--app', 'Order Sync', '--data', data])
    expect(flow.status).toBe(2)
    expect(flow.stderr).toContain('<flow>: unknown flow teleport')
    const disallowed = gatehouse(['run', 'jwt-bearer', '--app', 'Order Sync', '--data', data])
    expect(disallowed.status).toBe(2)
    expect(disallowed.stderr).toContain(
      'flow: Order Sync does not allow the jwt-bearer flow: the app has no certificate',
    )
  })

  it('leaves PKCE out with --no-pkce', () => {
    const result = gatehouse([
      'run',
      'web-server',
      '--app',
      'Order Sync',
      '--user',
      'ada@acme.test',
      '--no-pkce',
      '--data',
      dataDir(),
      '--json',
    ])
    expect(result.status, result.stderr).toBe(0)
    const run = JSON.parse(result.stdout) as {
      options: Record<string, unknown>
      steps: Array<{ name: string; request: { params: Record<string, string> } }>
    }
    expect(run.options.pkce).toBe(false)
    expect(run.steps[0]!.request.params).not.toHaveProperty('code_challenge')
    expect(run.steps.at(-1)!.request.params).not.toHaveProperty('code_verifier')
  })

  it('waits for Enter between steps with --step', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'run',
        'web-server',
        '--app',
        'Order Sync',
        '--user',
        'sam@acme.test',
        '--data',
        dataDir(),
        '--step',
      ],
      { env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 400 && !pattern.test(out); i++)
        await new Promise((r) => setTimeout(r, 25))
      expect(out).toMatch(pattern)
    }
    await waitFor(/Press Enter to send step 1 \(authorize\)/)
    // Nothing is sent before Enter.
    await new Promise((r) => setTimeout(r, 300))
    expect(out).not.toContain('1. Authorization request')
    child.stdin.write('\n')
    await waitFor(/Press Enter to send step 2 \(login\)/)
    expect(out).toContain('1. Authorization request (authorize)')
    child.stdin.end()
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(0)
    expect(out).toContain('✓ web-server completed for Order Sync as sam@acme.test')
  })

  it('drives a running gatehouse serve with --url and --token', async () => {
    serving = await startServe()
    const result = gatehouse([
      'run',
      'rest-query',
      '--app',
      'Order Sync',
      '--user',
      'ada@acme.test',
      '--url',
      serving.baseUrl,
      '--token',
      serving.adminToken,
      '--json',
    ])
    expect(result.status, result.stderr).toBe(0)
    const run = JSON.parse(result.stdout) as {
      id: number
      status: string
      steps: Array<{ name: string; response?: { status: number } }>
    }
    expect(run.status).toBe('completed')
    expect(run.steps.at(-1)!.name).toBe('query')
    // The run lives in the server that played it.
    const stored = await fetch(`${serving.baseUrl}/_gatehouse/api/runs/${run.id}`, {
      headers: { authorization: `Bearer ${serving.adminToken}` },
    })
    expect(stored.status).toBe(200)
    const wrongToken = gatehouse([
      'run',
      'rest-query',
      '--app',
      'Order Sync',
      '--url',
      serving.baseUrl,
      '--token',
      'nope',
    ])
    expect(wrongToken.status).toBe(2)
    expect(wrongToken.stderr).toContain('admin token was refused')
    const badUrl = gatehouse([
      'run',
      'rest-query',
      '--app',
      'Order Sync',
      '--url',
      'nope',
      '--token',
      'x',
    ])
    expect(badUrl.status).toBe(2)
    expect(badUrl.stderr).toContain('--url: expected the base URL')
    // Not the admin API: the workbench UI's page answers HTML, not JSON.
    const notApi = gatehouse([
      'run',
      'rest-query',
      '--app',
      'Order Sync',
      '--url',
      `${serving.baseUrl}/_gatehouse/ui`,
      '--token',
      serving.adminToken,
    ])
    expect(notApi.status).toBe(1)
    expect(notApi.stderr).toContain('answered HTTP 404 with something other than JSON')
  })
})
