// Child servers: spawned, waited for (their "listening on http://…" line), and always
// stopped — on success, on failure and on Ctrl-C — so a bench run never leaves a server behind.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const GATEHOUSE_BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url))
const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/
const ADMIN_TOKEN = /#token=([\w-]+)/

const running = new Set()

/**
 * Starts `node [nodeArgs] script [args]` and resolves once it prints its listening line (and,
 * for Gatehouse, the admin token line after it). `startMs` is spawn → listening line.
 */
export function startServer({
  name,
  script,
  args = [],
  nodeArgs = [],
  timeoutMs = 30_000,
  wantAdminToken = false,
}) {
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const server = {
    name,
    child,
    pid: child.pid,
    url: null,
    adminToken: null,
    startMs: null,
    stderr: '',
  }
  running.add(server)
  child.once('exit', () => running.delete(server))

  return new Promise((resolve, reject) => {
    let stdout = ''
    const fail = (why) => {
      clearTimeout(timer)
      stopServer(server).finally(() =>
        reject(
          new Error(`${name} did not start: ${why}\n${(stdout + server.stderr).slice(-2000)}`),
        ),
      )
    }
    const timer = setTimeout(() => fail(`no listening line within ${timeoutMs} ms`), timeoutMs)
    child.stderr.on('data', (chunk) => {
      server.stderr = (server.stderr + chunk).slice(-8000)
    })
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (!server.url) {
        const match = LISTENING.exec(stdout)
        if (match) {
          server.url = match[1]
          server.startMs = Number(process.hrtime.bigint() - started) / 1e6
        }
      }
      if (server.url && wantAdminToken && !server.adminToken) {
        server.adminToken = ADMIN_TOKEN.exec(stdout)?.[1] ?? null
      }
      if (server.url && (!wantAdminToken || server.adminToken)) {
        clearTimeout(timer)
        child.stdout.removeAllListeners('data')
        child.stdout.resume()
        resolve(server)
      }
    })
    child.once('error', (err) => fail(err.message))
    child.once('exit', (code, signal) => {
      if (!server.url || (wantAdminToken && !server.adminToken))
        fail(`exited early (code ${code}, signal ${signal})`)
    })
  })
}

/** `gatehouse serve` on a free port with the given data folder and options. */
export function startGatehouse({
  name = 'gatehouse',
  data,
  workspace,
  extraArgs = [],
  nodeArgs = [],
}) {
  const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--data', data]
  if (workspace) args.push('--workspace', workspace)
  return startServer({
    name,
    script: GATEHOUSE_BIN,
    args: [...args, ...extraArgs],
    nodeArgs,
    wantAdminToken: true,
  })
}

/** SIGTERM (a clean stop, which also writes a --cpu-prof profile), SIGKILL if it lingers. */
export function stopServer(server, graceMs = 10_000) {
  const { child } = server
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

export async function stopAll() {
  await Promise.all([...running].map((server) => stopServer(server, 3000)))
}

/** Last resort on an abrupt exit: no child may outlive the bench. */
export function killAllNow() {
  for (const server of running) {
    try {
      server.child.kill('SIGKILL')
    } catch {
      // already gone
    }
  }
}
