import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGatehouse, type GatehouseOptions } from '../core'
import { WorkspaceValidationError } from '../core/workspace'
import { CliError, EXIT } from './errors'

export interface ServeOptions {
  host: string
  port: number
  data: string
  workspace?: string
  reset?: boolean
  clockOffset?: number
  log?: boolean
  /** Recording on (default), off, or on with other limits (hidden advanced options). */
  recorder?: GatehouseOptions['recorder']
  uiDir: string | null
}

type Output = (line: string) => void

/**
 * `gatehouse serve`: start the engine, print the listening line (scripts wait for it) and
 * the UI address, then run until SIGINT/SIGTERM, when in-flight requests finish and the
 * database closes before exit 0.
 */
export async function serve(options: ServeOptions, out: Output): Promise<void> {
  let engine
  try {
    engine = await createGatehouse({
      dataDir: options.data,
      workspaceFile: options.workspace,
      reset: options.reset,
      clockOffsetSeconds: options.clockOffset,
      logger: options.log,
      recorder: options.recorder,
      uiDir: options.uiDir,
      backgroundCheckpoints: true,
      traceWriterScript: bundledTraceWriter(),
      workspaceLoaderScript: bundledScript('workspace-loader.js'),
    })
  } catch (err) {
    throw toCliError(err, options.workspace)
  }

  let listening
  try {
    listening = await engine.listen({ host: options.host, port: options.port })
  } catch (err) {
    await engine.close()
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(
        `Port ${options.port} on ${options.host} is already in use. ` +
          'Stop the other program, choose another port with --port N, or use --port 0 to pick a free one.',
        EXIT.failure,
      )
    }
    throw err
  }

  out(`Gatehouse listening on ${listening.baseUrl}`)
  out(`Workbench UI: ${listening.uiUrl}`)
  const org = engine.status().org
  out(`Org: ${org.name} (${org.id}) · data: ${options.data}`)

  await new Promise<void>((resolve) => {
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return
      stopping = true
      out(`Received ${signal}: finishing in-flight requests and closing the database…`)
      engine.close().then(resolve, (err: unknown) => {
        process.stderr.write(`gatehouse: error while stopping: ${String(err)}\n`)
        resolve()
      })
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

export function toCliError(err: unknown, workspaceFile?: string): Error {
  if (err instanceof WorkspaceValidationError) {
    const where = workspaceFile ? `Workspace file ${workspaceFile}` : 'The workspace'
    const lines = err.issues.map((issue) => `  ${issue.path}: ${issue.message}`)
    return new CliError(`${where} is not valid:\n${lines.join('\n')}`, EXIT.invalidInput)
  }
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT' && workspaceFile) {
    return new CliError(`Workspace file ${workspaceFile} does not exist.`, EXIT.invalidInput)
  }
  if (err instanceof Error && err.name === 'StoreOpenError') return new CliError(err.message)
  return err instanceof Error ? err : new Error(String(err))
}

/**
 * The recorder's writer thread, bundled beside the CLI (scripts/build-cli.mjs). Run from the
 * sources (tests) there is none, and the recorder writes on the engine's thread.
 */
export function bundledTraceWriter(): string | undefined {
  return bundledScript('trace-writer.js')
}

/**
 * A thread's script bundled beside the CLI (scripts/build-cli.mjs): the recorder's writer, the
 * workspace-file loader. Run from the sources (tests) there is none, and the work stays on
 * the engine's thread.
 */
function bundledScript(name: string): string | undefined {
  const script = join(dirname(fileURLToPath(import.meta.url)), name)
  return existsSync(script) ? script : undefined
}
