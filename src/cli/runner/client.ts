import type { Run, RunStep, CreateRunRequest } from '../../shared/runner-api'
import { ADMIN_API_PREFIX, type AdminErrorBody } from '../../shared/admin-api'
import type { Gatehouse } from '../../core'
import { RunError } from '../../core/runner'
import { CliError, EXIT } from '../errors'

/**
 * What `gatehouse run` needs of a runner: the engine in this process, or a running
 * Gatehouse's admin API (`--url`, `--token`). Both refuse bad input the same way: a CliError
 * with exit code 2 naming the field.
 */
export interface RunnerClient {
  create(request: CreateRunRequest): Promise<Run>
  send(runId: number, index: number): Promise<RunStep>
  get(runId: number): Promise<Run>
  close(): Promise<void>
}

function refusal(message: string, field: string | undefined, status: number): CliError {
  const named = field ? `${field}: ${message}` : message
  return new CliError(named, status === 400 ? EXIT.invalidInput : EXIT.failure)
}

/** The engine in this process (started on the data folder by the command). */
export class InProcessClient implements RunnerClient {
  constructor(private readonly engine: Gatehouse) {}

  private async call<T>(action: () => T | Promise<T>): Promise<T> {
    try {
      return await action()
    } catch (error) {
      if (error instanceof RunError) {
        throw refusal(error.message, error.path, error.kind === 'invalid' ? 400 : 409)
      }
      throw error
    }
  }

  create(request: CreateRunRequest): Promise<Run> {
    return this.call(() => this.engine.runner.create(request))
  }

  send(runId: number, index: number): Promise<RunStep> {
    return this.call(() => this.engine.runner.send(runId, index))
  }

  get(runId: number): Promise<Run> {
    return this.call(() => this.engine.runner.get(runId))
  }

  close(): Promise<void> {
    return this.engine.close()
  }
}

/** A running Gatehouse, through its admin API. */
export class HttpClient implements RunnerClient {
  private readonly base: string

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.base = url.replace(/\/+$/, '') + ADMIN_API_PREFIX
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response
    try {
      response = await fetch(this.base + path, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (error) {
      throw new CliError(`cannot reach Gatehouse at ${this.base}: ${(error as Error).message}`)
    }
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text ? (JSON.parse(text) as unknown) : undefined
    } catch {
      throw new CliError(
        `${this.base}${path} answered HTTP ${response.status} with something other than JSON: ` +
          'is --url the base URL of a Gatehouse (the address `serve` prints)?',
      )
    }
    if (response.ok) return parsed as T
    if (response.status === 401) {
      throw new CliError(
        'the admin token was refused (--token: copy it from the UI address after #token=)',
        EXIT.invalidInput,
      )
    }
    const error = parsed as AdminErrorBody | undefined
    const issue = error?.issues?.[0]
    throw refusal(
      issue?.message ?? error?.message ?? `HTTP ${response.status}`,
      issue?.path,
      response.status,
    )
  }

  create(request: CreateRunRequest): Promise<Run> {
    return this.call('POST', '/runs', request)
  }

  send(runId: number, index: number): Promise<RunStep> {
    return this.call('POST', `/runs/${runId}/steps/${index}/send`, {})
  }

  get(runId: number): Promise<Run> {
    return this.call('GET', `/runs/${runId}`)
  }

  async close(): Promise<void> {}
}
