import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createGatehouse } from '../../../src/core'
import { DATABASE_FILE, TRACE_DATABASE_FILE } from '../../../src/core/paths'
import { bundleEntry, traceWriterScript } from '../../support/trace-writer-bundle'
import { form } from '../../support/gatehouse'
import { CC } from '../../support/workspace'

/**
 * The recorder under `kill -9`: a child process runs the engine under a burst of requests
 * and is killed mid-burst. Every exchange it reported committed must be there after, and
 * the database must pass SQLite's integrity check and open again.
 */
const here = dirname(fileURLToPath(import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'))

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const bundleChild = () => bundleEntry(join(here, 'crash-child.ts'), 'trace-crash-child')

describe('kill -9 mid-burst', () => {
  it('loses no committed exchange and leaves a sound database', async () => {
    const script = await bundleChild()
    // The engine as the CLI runs it: the recorder writes on its own thread.
    const child = spawn(process.execPath, [script, dataDir, await traceWriterScript()], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const committed = new Set<number>()
    let out = ''
    const baseUrl = await new Promise<string>((ready, fail) => {
      child.once('exit', () => fail(new Error('the child exited before listening')))
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        let newline: number
        while ((newline = out.indexOf('\n')) !== -1) {
          const line = out.slice(0, newline)
          out = out.slice(newline + 1)
          if (line.startsWith('READY ')) ready(line.slice(6))
          else if (line.startsWith('C ')) committed.add(Number(line.slice(2)))
        }
      })
    })

    // A burst: many requests in flight at once, kept up until the kill.
    let answered = 0
    let stop = false
    const worker = async () => {
      while (!stop) {
        try {
          const res = await fetch(`${baseUrl}/services/oauth2/token`, {
            method: 'POST',
            body: form({
              grant_type: 'client_credentials',
              client_id: CC.key,
              client_secret: CC.secret,
            }),
          })
          await res.arrayBuffer()
          answered += 1
        } catch {
          return // the server is gone
        }
      }
    }
    const workers = Array.from({ length: 16 }, worker)
    while (committed.size < 200) await new Promise((r) => setTimeout(r, 10))
    child.kill('SIGKILL')
    await exited
    stop = true
    await Promise.all(workers)
    expect(child.signalCode).toBe('SIGKILL')
    expect(answered).toBeGreaterThan(0)

    const main = new Database(join(dataDir, DATABASE_FILE))
    try {
      expect(main.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      main.close()
    }
    const file = join(dataDir, TRACE_DATABASE_FILE)
    const db = new Database(file)
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const stored = new Set(db.prepare('SELECT id FROM trace_exchanges').pluck().all() as number[])
      const lost = [...committed].filter((id) => !stored.has(id))
      expect(lost).toEqual([])
      // Every stored exchange's flow is there too (they are written in the same transaction).
      const orphans = db
        .prepare(
          'SELECT COUNT(*) FROM trace_exchanges e WHERE e.flow_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM trace_flows f WHERE f.id = e.flow_id)',
        )
        .pluck()
        .get()
      expect(orphans).toBe(0)
    } finally {
      db.close()
    }

    // The engine opens the database again and goes on recording after the last id.
    const engine = await createGatehouse({ dataDir, uiDir: null })
    try {
      const { baseUrl: again } = await engine.listen({ host: '127.0.0.1', port: 0 })
      await fetch(`${again}/id/keys`)
      await engine.recorder!.flush()
      const [latest] = engine.recorder!.store.listExchanges({ limit: 1 })
      expect(latest!.id).toBeGreaterThan(Math.max(...committed))
    } finally {
      await engine.close()
      rmSync(script, { force: true })
    }
  }, 60_000)
})
