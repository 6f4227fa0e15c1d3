import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

export interface ServeHandle {
  /** http://127.0.0.1:PORT — the emulated org and the admin API */
  baseUrl: string
  /** The `Workbench UI:` address, token in the fragment */
  uiUrl: string
  /** The admin token taken from uiUrl */
  adminToken: string
  dataDir: string
  /** Everything the process printed so far (stdout and stderr) */
  output(): string
  stop(): Promise<void>
}

const LISTENING = /Gatehouse listening on (http:\/\/\S+)/
const WORKBENCH = /Workbench UI:\s*(http:\/\/\S+)/
// Strip colour codes, in case the CLI decorates its output on a TTY-like stream.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

/**
 * Starts `node bin/gatehouse.js serve --port 0 --data <fresh dir>` from the repository root and
 * resolves once it has printed both its listening address and the Workbench UI address.
 * GATEHOUSE_E2E_CLI may name another CLI script to test (defaults to bin/gatehouse.js).
 */
export async function startServe(
  options: { args?: string[]; timeoutMs?: number } = {},
): Promise<ServeHandle> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-'))
  const cli = process.env.GATEHOUSE_E2E_CLI ?? join(REPO_ROOT, 'bin/gatehouse.js')
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--port', '0', '--data', dataDir, ...(options.args ?? [])],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))

  const stop = async () => {
    await stopProcess(child, exited)
    await rm(dataDir, { recursive: true, force: true })
  }

  try {
    const found = await new Promise<{ baseUrl: string; uiUrl: string }>((done, fail) => {
      let baseUrl: string | undefined
      const timer = setTimeout(
        () =>
          fail(
            new Error(`gatehouse serve did not print its addresses in time. Output:\n${output}`),
          ),
        options.timeoutMs ?? 30_000,
      )
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8').replace(ANSI, '')
        baseUrl ??= LISTENING.exec(output)?.[1]
        const uiUrl = WORKBENCH.exec(output)?.[1]
        if (baseUrl && uiUrl) {
          clearTimeout(timer)
          done({ baseUrl: baseUrl.replace(/\/$/, ''), uiUrl })
        }
      }
      child.stdout?.on('data', onData)
      child.stderr?.on('data', onData)
      child.once('error', (error) => {
        clearTimeout(timer)
        fail(error)
      })
      void exited.then((code) => {
        clearTimeout(timer)
        fail(new Error(`gatehouse serve exited (code ${code}) before it was ready:\n${output}`))
      })
    })
    const adminToken = /[#&]token=([^&]+)/.exec(new URL(found.uiUrl).hash)?.[1]
    if (!adminToken) throw new Error(`No token in the Workbench UI address: ${found.uiUrl}`)
    return {
      ...found,
      adminToken: decodeURIComponent(adminToken),
      dataDir,
      output: () => output,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 10_000))
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL')
    await exited
    throw new Error('gatehouse serve did not stop within 10 s of SIGTERM')
  }
}
