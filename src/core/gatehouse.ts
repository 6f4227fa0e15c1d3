import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { VirtualClock } from './policy/clock'
import { openStore, type Store } from './store'
import { Checkpointer } from './store/checkpointer'
import { WorkspaceFileLoader, worthAThread } from './workspace/file-loader'
import {
  demoWorkspace,
  parseWorkspace,
  parseWorkspaceJson,
  redactWorkspace,
  type Workspace,
  type WorkspaceOrg,
  type RedactedWorkspace,
} from './workspace'
import { DATABASE_FILE, TRACE_DATABASE_FILE } from './paths'
import { buildServer, type BuiltServer } from './server'
import type { StatusResponse } from '../shared/admin-api'
import { GATEHOUSE_VERSION } from './version'
import { createOAuthServices, type OAuthServices } from './oauth/services'
import { createRecorder, type Recorder, type RecorderOptions } from './trace'
import { PolicyEngine } from './policy/engine'
import { FlowRunner } from './runner'
import { createRunStore } from './store/run-store'
import { decodeExchangeJwts } from './trace/jwt'
import { keySource } from './admin/jwt-key-source'

export interface GatehouseOptions {
  /** Folder holding the SQLite database (created if missing). */
  dataDir: string
  /** A workspace file to load into the database, replacing what is there. */
  workspaceFile?: string
  /** A workspace document (already read) to load; wins over `workspaceFile`. */
  workspace?: unknown
  /** Delete the database first. */
  reset?: boolean
  /** Inject a clock (tests); otherwise a VirtualClock on the real time. */
  clock?: VirtualClock
  /** Start the virtual clock this many seconds ahead (CLI --clock-offset). */
  clockOffsetSeconds?: number
  /** Folder with the built renderer, served at /_gatehouse/. */
  uiDir?: string | null
  /** Log requests (pino, with secrets redacted) to stderr. */
  logger?: boolean
  /** Extra Host header names to accept besides 127.0.0.1, localhost and [::1]. */
  allowedHosts?: string[]
  /** Record every exchange with the emulated org (default on), with these limits. */
  recorder?: boolean | RecorderOptions
  /**
   * Checkpoint the database's WAL on a worker thread instead of inside commits on the
   * request path (the CLI and the desktop app turn this on; see store/checkpointer.ts).
   */
  backgroundCheckpoints?: boolean
  /**
   * The bundled trace-writer script (out/cli/trace-writer.js, out/main/trace-writer.js): the
   * recorder then writes on its own thread. Without it, on the engine's thread.
   */
  traceWriterScript?: string
  /**
   * The bundled workspace-file loader (out/cli/workspace-loader.js): a large `workspaceFile`
   * is then read and loaded on a thread of its own, whose heap goes away with it
   * (workspace/file-loader.ts). Without it, or for a small file, on the engine's thread.
   */
  workspaceLoaderScript?: string
}

export interface ListenOptions {
  host?: string
  port?: number
}

export interface ListenResult {
  baseUrl: string
  /** The workbench UI address, with the admin token in the fragment. */
  uiUrl: string
}

/**
 * The engine: one store, one clock, one HTTP server. The CLI, the tests and the desktop app
 * all start it through `createGatehouse`.
 */
export class Gatehouse {
  readonly store: Store
  readonly clock: VirtualClock
  readonly adminToken: string
  readonly dataDir: string
  readonly startedAt = new Date()
  readonly oauth: OAuthServices
  /** Fault rules, simulated client IPs, the login rate (see src/core/policy). */
  readonly policy: PolicyEngine
  /** The flow trace recorder (null when recording is off). */
  readonly recorder: Recorder | null
  /** The flow runner: the workbench playing the client (core/runner). */
  readonly runner: FlowRunner
  private readonly checkpointer: Checkpointer | null
  private server: BuiltServer | null = null
  private base: string | null = null

  constructor(
    store: Store,
    clock: VirtualClock,
    private readonly options: GatehouseOptions,
  ) {
    this.store = store
    this.clock = clock
    this.dataDir = options.dataDir
    this.adminToken = randomBytes(32).toString('base64url')
    this.oauth = createOAuthServices({
      db: store.db,
      clock,
      baseUrl: () => this.baseUrl,
      org: () => this.org(),
    })
    this.policy = new PolicyEngine({ db: store.db, workspace: store.workspace, clock })
    this.recorder = createRecorder(
      {
        dataDir: options.dataDir,
        mainDb: store.db,
        mainFile: store.file,
        clock,
        writerScript: options.traceWriterScript,
      },
      options.recorder,
    )
    this.runner = new FlowRunner({
      runs: createRunStore(store.db),
      workspace: store.workspace,
      recorder: () => this.recorder,
      baseUrl: () => this.baseUrl,
      clock,
      decodeJwts: (detail) => decodeExchangeJwts(detail, keySource(this)),
    })
    this.checkpointer = options.backgroundCheckpoints
      ? Checkpointer.start(store.db, store.file, {
          onError: (message) => process.emitWarning(`Gatehouse store: ${message}`),
        })
      : null
  }

  /** The emulated org (the workspace always has one once loaded). */
  org(): WorkspaceOrg {
    const org = this.store.workspace.org()
    if (!org) throw new Error('no workspace is loaded')
    return org
  }

  /** Base URL of the emulated org (the issuer); known once listening. */
  get baseUrl(): string {
    if (!this.base) throw new Error('Gatehouse is not listening yet')
    return this.base
  }

  async listen({ host = '127.0.0.1', port = 8787 }: ListenOptions = {}): Promise<ListenResult> {
    if (this.server) throw new Error('Gatehouse is already listening')
    const server = await buildServer(this, {
      host,
      logger: this.options.logger ?? false,
      uiDir: this.options.uiDir ?? null,
      allowedHosts: this.options.allowedHosts ?? [],
    })
    try {
      await server.app.listen({ host, port })
    } catch (err) {
      await server.app.close()
      throw err
    }
    const address = server.app.server.address()
    const actualPort = typeof address === 'object' && address ? address.port : port
    const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
    this.base = `http://${urlHost}:${actualPort}`
    this.server = server
    server.setPort(actualPort)
    return { baseUrl: this.base, uiUrl: this.uiUrl() }
  }

  uiUrl(): string {
    return `${this.baseUrl}/_gatehouse/#token=${this.adminToken}`
  }

  /** Stop accepting connections, let in-flight requests finish, then close the database. */
  async close(): Promise<void> {
    if (this.server) {
      await this.server.app.close()
      this.server = null
    }
    this.oauth.store.flushCommits()
    await this.recorder?.close()
    await this.checkpointer?.stop()
    this.store.close()
  }

  exportWorkspace(options: { redact?: boolean } = {}): Workspace | RedactedWorkspace {
    const ws = this.store.workspace.export()
    return options.redact ? redactWorkspace(ws) : ws
  }

  /** Validate and load a workspace document; nothing changes when it is invalid. */
  importWorkspace(input: unknown): Workspace {
    const ws = parseWorkspace(input)
    this.store.workspace.load(ws)
    return ws
  }

  status(): StatusResponse {
    const base = this.baseUrl
    const org = this.store.workspace.org()
    const clock = this.clock.state()
    return {
      product: 'Gatehouse',
      version: GATEHOUSE_VERSION,
      baseUrl: base,
      uiUrl: `${base}/_gatehouse/`,
      endpoints: {
        login: base,
        authorize: `${base}/services/oauth2/authorize`,
        token: `${base}/services/oauth2/token`,
        revoke: `${base}/services/oauth2/revoke`,
        introspect: `${base}/services/oauth2/introspect`,
        userinfo: `${base}/services/oauth2/userinfo`,
        jwks: `${base}/id/keys`,
        discovery: `${base}/.well-known/openid-configuration`,
        restApi: `${base}/services/data`,
      },
      org: { id: org?.id ?? '', name: org?.name ?? '', edition: org?.edition ?? '' },
      counts: this.store.workspace.counts(),
      dataDir: this.dataDir,
      clock: {
        now: new Date(clock.now).toISOString(),
        offsetSeconds: Math.round(clock.offsetMs / 1000),
        frozen: clock.frozen,
      },
      startedAt: this.startedAt.toISOString(),
    }
  }
}

function removeDatabase(dataDir: string): void {
  for (const file of [DATABASE_FILE, TRACE_DATABASE_FILE]) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, file + suffix), { force: true })
  }
}

/**
 * Opens (or creates) the database in `dataDir`, loads the workspace (the given file, else
 * the demo workspace when the database is empty) and returns the engine, not yet listening.
 * A workspace that fails validation throws WorkspaceValidationError before the database is
 * touched.
 */
export async function createGatehouse(options: GatehouseOptions): Promise<Gatehouse> {
  // Validate first: a bad file must change nothing.
  let workspace: Workspace | null = null
  let fileLoader: WorkspaceFileLoader | null = null
  if (options.workspace !== undefined) workspace = parseWorkspace(options.workspace)
  else if (
    options.workspaceFile &&
    options.workspaceLoaderScript &&
    worthAThread(options.workspaceFile)
  ) {
    fileLoader = await WorkspaceFileLoader.validate(
      options.workspaceLoaderScript,
      options.workspaceFile,
    )
  } else if (options.workspaceFile) {
    workspace = parseWorkspaceJson(readFileSync(options.workspaceFile, 'utf8'))
  }

  const databaseFile = join(options.dataDir, DATABASE_FILE)
  let store: Store
  try {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
    if (options.reset) removeDatabase(options.dataDir)
    store = openStore(databaseFile)
  } catch (err) {
    await fileLoader?.cancel()
    throw err
  }
  try {
    if (fileLoader) {
      await fileLoader.load(databaseFile)
      store.workspace.loadedElsewhere()
    } else if (workspace) store.workspace.load(workspace)
    else if (store.workspace.isEmpty()) store.workspace.load(demoWorkspace())
  } catch (err) {
    store.close()
    throw err
  }

  const offset = options.clockOffsetSeconds ?? store.workspace.simulation().clockOffsetSeconds
  const clock = options.clock ?? new VirtualClock(Date.now, offset)
  return new Gatehouse(store, clock, options)
}
