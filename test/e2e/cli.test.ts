import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

// The `gatehouse` command as a user runs it: the built launcher in bin/, a real process.
const BIN = join(process.cwd(), 'bin', 'gatehouse.js')
const dirs: string[] = []
const children: ChildProcess[] = []

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'))
  dirs.push(dir)
  return dir
}

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 })
}

/** Starts `gatehouse serve` and resolves once it printed its listening line. */
function startServe(
  args: string[],
): Promise<{ child: ChildProcess; baseUrl: string; uiUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 20_000)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const listening = /Gatehouse listening on (http:\/\/\S+)/.exec(out)
      const ui = /Workbench UI: (\S+)/.exec(out)
      if (listening && ui && /^Org: /m.test(out)) {
        clearTimeout(timer)
        resolve({ child, baseUrl: listening[1]!, uiUrl: ui[1]!, output: () => out })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code}:\n${out}`))
    })
  })
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('gatehouse serve', () => {
  it('prints the listening line and the UI address, answers discovery, exits 0 on SIGTERM', async () => {
    const data = tempDir()
    const { child, baseUrl, uiUrl, output } = await startServe(['--port', '0', '--data', data])
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(uiUrl).toMatch(new RegExp(`^${baseUrl}/_gatehouse/#token=[\\w-]{40,}$`))
    expect(output()).toContain('Acme Dev')

    const discovery = await fetch(`${baseUrl}/.well-known/openid-configuration`)
    expect(discovery.status).toBe(200)
    const doc = (await discovery.json()) as { issuer: string; token_endpoint: string }
    expect(doc.issuer).toBe(baseUrl)
    expect(doc.token_endpoint).toBe(`${baseUrl}/services/oauth2/token`)

    child.kill('SIGTERM')
    expect(await exitOf(child)).toBe(0)
  })

  it('guards the admin API with the per-launch token and refuses foreign Host headers', async () => {
    const { child, baseUrl, uiUrl } = await startServe(['--port', '0', '--data', tempDir()])
    const token = new URL(uiUrl).hash.replace('#token=', '')
    expect((await fetch(`${baseUrl}/_gatehouse/api/status`)).status).toBe(401)
    const ok = await fetch(`${baseUrl}/_gatehouse/api/status`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { org: { name: string } }).org.name).toBe('Acme Dev')

    // DNS rebinding: the same socket, a foreign name in Host.
    const port = new URL(baseUrl).port
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/.well-known/openid-configuration',
          headers: { host: `attacker.example:${port}` },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode)
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(403)
    child.kill('SIGINT')
    expect(await exitOf(child)).toBe(0)
  })

  it('says the port is taken and suggests --port 0 (exit 1)', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const result = run(['serve', '--port', String(port), '--data', tempDir()])
      expect(result.status).toBe(1)
      expect(result.stderr).toContain(`Port ${port}`)
      expect(result.stderr).toContain('--port 0')
    } finally {
      blocker.close()
    }
  })

  it('refuses a workspace with a wrong field, names it (exit 2), and leaves the database as it was', async () => {
    const data = tempDir()
    const good = JSON.parse(readFileSync('resources/demo-workspace.json', 'utf8')) as Record<
      string,
      unknown
    >
    const goodFile = join(data, 'good.json')
    writeFileSync(goodFile, JSON.stringify(good))
    expect(run(['import', goodFile, '--data', data]).status).toBe(0)
    const before = run(['export', '--data', data]).stdout

    const bad = structuredClone(good) as { apps: Array<{ callbackUrls: string[] }> }
    bad.apps[0]!.callbackUrls[0] = 'not a url'
    const badFile = join(data, 'bad.json')
    writeFileSync(badFile, JSON.stringify(bad))
    const result = run(['serve', '--port', '0', '--data', data, '--workspace', badFile])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('apps[0].callbackUrls[0]: expected a URL string')
    expect(run(['import', badFile, '--data', data]).status).toBe(2)
    expect(run(['export', '--data', data]).stdout).toBe(before)
  })
})

describe('gatehouse export / import', () => {
  it('export → import → export is identical', () => {
    const first = tempDir()
    expect(run(['import', 'resources/demo-workspace.json', '--data', first]).status).toBe(0)
    const exported = run(['export', '--data', first])
    expect(exported.status).toBe(0)
    const file = join(first, 'exported.json')
    writeFileSync(file, exported.stdout)

    const second = tempDir()
    expect(run(['import', file, '--data', second]).status).toBe(0)
    expect(run(['export', '--data', second]).stdout).toBe(exported.stdout)
  })

  it('--redact blanks every password and consumer secret', () => {
    const data = tempDir()
    run(['import', 'resources/demo-workspace.json', '--data', data])
    const plain = JSON.parse(run(['export', '--data', data]).stdout) as {
      users: Array<{ password?: string }>
      apps: Array<{ consumerSecret?: string }>
    }
    const redacted = run(['export', '--data', data, '--redact']).stdout
    for (const user of plain.users)
      if (user.password) expect(redacted).not.toContain(`"${user.password}"`)
    for (const app of plain.apps) expect(redacted).not.toContain(app.consumerSecret!)
  })

  it('explains what to do when there is no database yet', () => {
    const result = run(['export', '--data', join(tempDir(), 'nothing-here')])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/No Gatehouse database/)
  })

  it('--help lists the commands', () => {
    const help = run(['--help']).stdout
    for (const command of ['serve', 'export', 'import']) expect(help).toContain(command)
  })
})
