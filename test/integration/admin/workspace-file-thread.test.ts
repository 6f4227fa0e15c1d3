import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatehouse } from '../../../src/core/gatehouse'
import {
  parseWorkspaceJson,
  WorkspaceValidationError,
  type Workspace,
} from '../../../src/core/workspace'
import { LOADER_THREAD_MIN_BYTES } from '../../../src/core/workspace/file-loader'
import { bundleEntry } from '../../support/trace-writer-bundle'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const ACCOUNTS = 5000
const DEMO = join(repo, 'resources/demo-workspace.json')

interface RawWorkspace {
  org: Record<string, unknown>
  users: Array<Record<string, unknown>>
  records: { Account: Array<Record<string, unknown>> }
}

/** The demo workspace with `count` more Account records: 5,000 make a file of about 0.7 MB. */
function workspaceWith(count: number): RawWorkspace {
  const workspace = JSON.parse(readFileSync(DEMO, 'utf8')) as RawWorkspace
  for (let i = 0; i < count; i++) {
    workspace.records.Account.push({
      Name: `Loaded Account ${String(i).padStart(5, '0')}`,
      Industry: ['Banking', 'Energy', 'Retail'][i % 3],
      BillingCity: ['Paris', 'Oslo', 'Porto', 'Dublin'][i % 4],
      AnnualRevenue: 10_000 + ((i * 7919) % 5_000_000),
      NumberOfEmployees: 1 + ((i * 31) % 5000),
      Phone: `+33 1 ${String(10_000_000 + i).slice(0, 8)}`,
    })
  }
  return workspace
}

function withoutUserIds(workspace: Workspace) {
  return { ...workspace, users: workspace.users.map(({ id: _id, ...user }) => user) }
}

/**
 * `gatehouse serve --workspace` with a large file reads and loads it on a thread of its own
 * (core/workspace/file-loader.ts): what the engine then holds, and how a bad file is refused,
 * must be exactly what the in-process load gives.
 */
describe('a large workspace file loaded on its own thread', () => {
  const demoAccounts = workspaceWith(0).records.Account.length
  let dir: string
  let loaderScript: string
  let largeFile: string
  let invalidFile: string
  let smallFile: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-ws-thread-'))
    loaderScript = await bundleEntry(
      join(repo, 'src/core/workspace/file-loader-thread.ts'),
      'workspace-loader',
    )
    largeFile = join(dir, 'large.json')
    writeFileSync(largeFile, JSON.stringify(workspaceWith(ACCOUNTS)))
    const invalid = workspaceWith(ACCOUNTS)
    invalid.org.id = 42
    invalid.users[0]!.username = 'not an email'
    invalidFile = join(dir, 'invalid.json')
    writeFileSync(invalidFile, JSON.stringify(invalid))
    smallFile = join(dir, 'small.json')
    writeFileSync(smallFile, JSON.stringify(workspaceWith(10)))
  }, 60_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is large enough for the thread (the test would prove nothing otherwise)', () => {
    expect(readFileSync(largeFile).length).toBeGreaterThan(LOADER_THREAD_MIN_BYTES)
    expect(readFileSync(invalidFile).length).toBeGreaterThan(LOADER_THREAD_MIN_BYTES)
    expect(readFileSync(smallFile).length).toBeLessThan(LOADER_THREAD_MIN_BYTES)
  })

  it('gives the engine the same workspace as the in-process load', async () => {
    const threaded = await createGatehouse({
      dataDir: join(dir, 'threaded'),
      workspaceFile: largeFile,
      workspaceLoaderScript: loaderScript,
    })
    const inProcess = await createGatehouse({
      dataDir: join(dir, 'inline'),
      workspaceFile: largeFile,
    })
    try {
      expect(threaded.store.workspace.listRecords('Account')).toHaveLength(demoAccounts + ACCOUNTS)
      expect(threaded.store.workspace.org()?.id).toBe('00D5g00000GhAcmEAF')
      // User ids the file leaves out are drawn at random when it is parsed: compare without them.
      expect(withoutUserIds(threaded.store.workspace.export())).toEqual(
        withoutUserIds(inProcess.store.workspace.export()),
      )
    } finally {
      await threaded.close()
      await inProcess.close()
    }
  }, 60_000)

  it('uses the thread for a large file only', async () => {
    const missingScript = join(dir, 'no-such-loader.js')
    // A large file needs the script: its absence is an error, which shows the thread was used.
    await expect(
      createGatehouse({
        dataDir: join(dir, 'no-script'),
        workspaceFile: largeFile,
        workspaceLoaderScript: missingScript,
      }),
    ).rejects.toThrow()
    // A small file loads in process and never looks for it.
    const small = await createGatehouse({
      dataDir: join(dir, 'small'),
      workspaceFile: smallFile,
      workspaceLoaderScript: missingScript,
    })
    try {
      expect(small.store.workspace.listRecords('Account')).toHaveLength(demoAccounts + 10)
    } finally {
      await small.close()
    }
  }, 60_000)

  it('refuses an invalid file with the same issues, before the database is touched (even with reset)', async () => {
    const dataDir = join(dir, 'kept')
    const first = await createGatehouse({ dataDir, workspaceFile: smallFile })
    await first.close()

    let inProcessIssues: unknown
    try {
      parseWorkspaceJson(readFileSync(invalidFile, 'utf8'))
    } catch (error) {
      inProcessIssues = (error as WorkspaceValidationError).issues
    }
    expect(inProcessIssues).toBeDefined()

    const refused = createGatehouse({
      dataDir,
      workspaceFile: invalidFile,
      reset: true,
      workspaceLoaderScript: loaderScript,
    })
    await expect(refused).rejects.toBeInstanceOf(WorkspaceValidationError)
    await expect(refused).rejects.toMatchObject({ issues: inProcessIssues })

    // The database was neither reset nor replaced: the small workspace is still there.
    const again = await createGatehouse({ dataDir })
    try {
      expect(again.store.workspace.listRecords('Account')).toHaveLength(demoAccounts + 10)
    } finally {
      await again.close()
    }
  }, 60_000)

  it('says a missing file does not exist, with its code, as before', async () => {
    await expect(
      createGatehouse({
        dataDir: join(dir, 'missing'),
        workspaceFile: join(dir, 'nowhere.json'),
        workspaceLoaderScript: loaderScript,
      }),
    ).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
