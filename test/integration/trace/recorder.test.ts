import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { createGatehouse, DATABASE_FILE, type Gatehouse } from '../../../src/core'
import { TRACE_DATABASE_FILE } from '../../../src/core/paths'
import { PendingBatches } from '../../../src/core/store/pending-batches'
import { encodeExchange, packBatch } from '../../../src/core/trace/batch-codec'
import { form } from '../../support/gatehouse'
import { traceWriterScript } from '../../support/trace-writer-bundle'
import { C1, CC, PASSWORD, testWorkspace, USERS } from '../../support/workspace'
import { basic, TOKEN } from './support'

/**
 * How the recorder writes: in batches, off the request path, flushed on close; and how flows
 * are found again after a restart (through the grant the tokens belong to). Each case runs
 * with the writer on the engine's thread and on its own thread (as the CLI runs it).
 */
const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe.each([
  { mode: 'on the engine thread', threaded: false },
  { mode: 'on its own thread', threaded: true },
])('the recorder writing $mode', ({ threaded }) => {
  async function engineIn(
    dataDir: string,
    recorder: object = {},
  ): Promise<{ engine: Gatehouse; url: string }> {
    // A restart keeps the stored workspace: loading the file again would give users new ids.
    const fresh = !existsSync(join(dataDir, DATABASE_FILE))
    const engine = await createGatehouse({
      dataDir,
      workspace: fresh ? testWorkspace() : undefined,
      uiDir: null,
      recorder,
      traceWriterScript: threaded ? await traceWriterScript() : undefined,
    })
    const { baseUrl } = await engine.listen({ host: '127.0.0.1', port: 0 })
    return { engine, url: baseUrl }
  }

  const rowsIn = (engine: Gatehouse) => engine.recorder!.store.totals().count

  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-recorder-'))
    dirs.push(dir)
    return dir
  }

  const clientCredentials = (url: string) =>
    fetch(`${url}${TOKEN}`, {
      method: 'POST',
      headers: { authorization: basic(CC.key, CC.secret) },
      body: form({ grant_type: 'client_credentials' }),
    })

  describe('group commit', () => {
    it('answers before anything is written; the batch is written when due', async () => {
      const { engine, url } = await engineIn(newDir(), { flushIntervalMs: 60_000, maxBatch: 3 })
      try {
        await clientCredentials(url)
        await clientCredentials(url)
        expect(rowsIn(engine)).toBe(0)
        // The third fills the batch: it is written on the next turn of the event loop.
        await clientCredentials(url)
        await expect.poll(() => rowsIn(engine), { timeout: 2000, interval: 5 }).toBe(3)
        await clientCredentials(url)
        expect(rowsIn(engine)).toBe(3)
        expect(await engine.recorder!.flush()).toBe(1)
        expect(rowsIn(engine)).toBe(4)
      } finally {
        await engine.close()
      }
    })

    it('has every exchange of a burst written by the time a reader’s flush returns', async () => {
      // On its own thread the writer sets a burst's batches aside to build in the next pause
      // (set-aside.ts); a reader's flush must not return before they are built.
      const { engine, url } = await engineIn(newDir())
      try {
        const answers = await Promise.all(Array.from({ length: 300 }, () => clientCredentials(url)))
        expect(answers.map((answer) => answer.status)).toEqual(Array(300).fill(200))
        await engine.recorder!.flush()
        expect(rowsIn(engine)).toBe(300)
        expect(engine.recorder!.stats().exchanges).toBe(300)
      } finally {
        await engine.close()
      }
    })

    it('reports an exchange it cannot encode and records the others', async () => {
      const warnings: string[] = []
      const onWarning = (warning: Error) => warnings.push(warning.message)
      process.on('warning', onWarning)
      const { engine, url } = await engineIn(newDir())
      try {
        // A parsed body that cannot be written as JSON (a bug in a route, say).
        const body: Record<string, unknown> = {}
        body.self = body
        engine.recorder!.enqueue({
          startedAt: 0,
          durationMs: 1,
          method: 'POST',
          url: TOKEN,
          requestHeaders: {},
          query: {},
          body,
          trace: null,
          socketIp: '127.0.0.1',
          status: 200,
          responseHeaders: () => ({}),
          payload: null,
        })
        expect((await clientCredentials(url)).status).toBe(200)
        expect(await engine.recorder!.flush()).toBe(1)
        expect(rowsIn(engine)).toBe(1)
        await expect
          .poll(() => warnings.join('\n'))
          .toMatch(/Gatehouse recorder: an exchange could not be recorded: .*circular/i)
      } finally {
        process.off('warning', onWarning)
        await engine.close()
      }
    })

    it('writes what is queued when the engine closes', async () => {
      const dir = newDir()
      const first = await engineIn(dir, { flushIntervalMs: 60_000 })
      await clientCredentials(first.url)
      await fetch(`${first.url}/id/keys`)
      expect(rowsIn(first.engine)).toBe(0)
      await first.engine.close()

      const second = await engineIn(dir)
      try {
        expect(rowsIn(second.engine)).toBe(2)
      } finally {
        await second.engine.close()
      }
    })
  })

  describe('after a restart', () => {
    it('a token issued before it still leads to its flow, through the grant', async () => {
      const dir = newDir()
      const first = await engineIn(dir)
      const login = await fetch(`${first.url}${TOKEN}`, {
        method: 'POST',
        body: form({
          grant_type: 'password',
          client_id: C1.key,
          client_secret: C1.secret,
          username: USERS.ada,
          password: PASSWORD,
        }),
      })
      const { access_token: token } = (await login.json()) as { access_token: string }
      await first.engine.recorder!.flush()
      const [flow] = first.engine.recorder!.store.listFlows({ limit: 1 })
      await first.engine.close()

      const second = await engineIn(dir)
      try {
        const api = await fetch(`${second.url}/services/data/v62.0/`, {
          headers: { authorization: `Bearer ${token}` },
        })
        expect(api.status).toBe(200)
        const revoke = await fetch(`${second.url}/services/oauth2/revoke`, {
          method: 'POST',
          body: form({ token }),
        })
        expect(revoke.status).toBe(200)
        await second.engine.recorder!.flush()
        const store = second.engine.recorder!.store
        const exchanges = store.exchangesOfFlow(flow!.id)
        expect(exchanges.map((e) => e.endpoint)).toEqual(['token', 'rest', 'revoke'])
        expect(store.flow(flow!.id)).toMatchObject({ kind: 'password', exchange_count: 3 })
        expect(store.listFlows({ limit: 10 })).toHaveLength(1)
      } finally {
        await second.engine.close()
      }
    })

    it('builds the batches a crash left set aside without waiting for a request', async () => {
      const dir = newDir()
      const first = await engineIn(dir)
      await first.engine.close()
      // What a crash under load leaves: a batch set aside, its rows not built yet.
      const db = new Database(join(dir, TRACE_DATABASE_FILE))
      new PendingBatches(db).append(2, packBatch([leftOver(1), leftOver(2)]))
      db.close()

      // No request and no reader: the writer (thread) starts for the work it finds.
      const second = await engineIn(dir)
      try {
        await expect.poll(() => rowsIn(second.engine), { timeout: 5000 }).toBe(2)
        const urls = second.engine.recorder!.store.listExchanges({ limit: 5 }).map((e) => e.url)
        expect(urls.sort()).toEqual([
          '/services/oauth2/token?left=1',
          '/services/oauth2/token?left=2',
        ])
      } finally {
        await second.engine.close()
      }
    })

    it('catches the search index up without waiting for a request', async () => {
      const dir = newDir()
      const first = await engineIn(dir)
      await clientCredentials(first.url)
      await clientCredentials(first.url)
      // Closed at once: the index is built in the writer's pauses, and none came.
      await first.engine.close()

      const second = await engineIn(dir)
      try {
        const store = second.engine.recorder!.store
        expect(store.unindexedCount()).toBe(2)
        await expect.poll(() => store.unindexedCount(), { timeout: 5000 }).toBe(0)
      } finally {
        await second.engine.close()
      }
    })
  })
})

/** An exchange as the recorder encodes it, numbered in its URL. */
function leftOver(n: number): string {
  return encodeExchange({
    startedAt: Date.now(),
    durationMs: 1,
    method: 'POST',
    url: `/services/oauth2/token?left=${n}`,
    requestHeaders: { host: '127.0.0.1' },
    query: { left: String(n) },
    body: { grant_type: 'client_credentials' },
    trace: null,
    socketIp: '127.0.0.1',
    status: 400,
    responseHeaders: () => ({ 'content-type': 'application/json' }),
    payload: '{"error":"invalid_client"}',
  })
}

describe('a writer thread that cannot run', () => {
  it('is reported, and recording goes on on the engine thread', async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.message)
    process.on('warning', onWarning)
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-recorder-'))
    dirs.push(dataDir)
    const engine = await createGatehouse({
      dataDir,
      workspace: testWorkspace(),
      uiDir: null,
      traceWriterScript: join(tmpdir(), 'no-such-trace-writer.js'),
    })
    try {
      const { baseUrl } = await engine.listen({ host: '127.0.0.1', port: 0 })
      // The thread starts with the first batch: the exchange that starts it is not lost.
      const token = await fetch(`${baseUrl}${TOKEN}`, {
        method: 'POST',
        headers: { authorization: basic(CC.key, CC.secret) },
        body: form({ grant_type: 'client_credentials' }),
      })
      expect(token.status).toBe(200)
      expect(await engine.recorder!.flush()).toBe(1)
      expect(engine.recorder!.store.listExchanges({ limit: 5 })).toHaveLength(1)
      expect(warnings.join('\n')).toMatch(
        /Gatehouse recorder: the writer thread stopped \(.*\); recording on the engine's thread/,
      )
      expect(warnings.join('\n')).not.toMatch(/not recorded/)
      await fetch(`${baseUrl}${TOKEN}`, {
        method: 'POST',
        headers: { authorization: basic(CC.key, CC.secret) },
        body: form({ grant_type: 'client_credentials' }),
      })
      expect(await engine.recorder!.flush()).toBe(1)
    } finally {
      process.off('warning', onWarning)
      await engine.close()
    }
  })
})
