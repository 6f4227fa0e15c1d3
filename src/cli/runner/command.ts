import { createInterface } from 'node:readline'
import { createGatehouse } from '../../core'
import { RUN_FLOWS, type RunFlowName } from '../../shared/runner-api'
import { CliError, EXIT } from '../errors'
import { bundledTraceWriter, toCliError } from '../serve'
import { HttpClient, InProcessClient, type RunnerClient } from './client'
import { formatEnd, formatStep, style } from './print'

export interface RunCommandOptions {
  flow: string
  app: string
  user?: string
  data: string
  step: boolean
  json: boolean
  url?: string
  token?: string
  options: Record<string, unknown>
}

type Output = (line: string) => void

async function connect(options: RunCommandOptions): Promise<RunnerClient> {
  if (options.url) {
    if (!options.token) {
      throw new CliError(
        '--token: the admin token is needed with --url (the part after #token= in the UI address)',
        EXIT.invalidInput,
      )
    }
    let url: URL | undefined
    try {
      url = new URL(options.url)
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new CliError(
        `--url: expected the base URL of a running Gatehouse, such as http://127.0.0.1:8787, got ${options.url}`,
        EXIT.invalidInput,
      )
    }
    return new HttpClient(options.url, options.token)
  }
  let engine
  try {
    engine = await createGatehouse({
      dataDir: options.data,
      backgroundCheckpoints: true,
      traceWriterScript: bundledTraceWriter(),
    })
  } catch (error) {
    throw toCliError(error)
  }
  try {
    await engine.listen({ host: '127.0.0.1', port: 0 })
  } catch (error) {
    await engine.close()
    throw error
  }
  return new InProcessClient(engine)
}

/**
 * Enter presses on stdin, one at a time. Once stdin ends (a pipe that ran out, Ctrl-D), every
 * wait returns at once, so `--step` never hangs a script.
 */
class EnterKey {
  private readonly waiting: Array<() => void> = []
  private pressed = 0
  private ended = false
  private readonly lines = createInterface({ input: process.stdin, terminal: false })

  constructor() {
    this.lines.on('line', () => {
      const next = this.waiting.shift()
      if (next) next()
      else this.pressed += 1
    })
    this.lines.on('close', () => {
      this.ended = true
      for (const resolve of this.waiting.splice(0)) resolve()
    })
  }

  wait(): Promise<void> {
    if (this.pressed > 0) {
      this.pressed -= 1
      return Promise.resolve()
    }
    if (this.ended) return Promise.resolve()
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  close(): void {
    this.lines.close()
  }
}

/**
 * `gatehouse run <flow> --app NAME`: plays the flow one exchange at a time, printing each
 * request, answer and the server's Why. Exit 0 when the flow completed, 1 when a step was
 * refused, 2 on bad input.
 */
export async function runFlow(options: RunCommandOptions, output: Output): Promise<number> {
  if (!(RUN_FLOWS as readonly string[]).includes(options.flow)) {
    throw new CliError(
      `<flow>: unknown flow ${options.flow}; one of ${RUN_FLOWS.join(', ')}`,
      EXIT.invalidInput,
    )
  }
  const s = style(Boolean(process.stdout.isTTY) && !options.json && !process.env.NO_COLOR)
  const client = await connect(options)
  const enter = options.step && !options.json ? new EnterKey() : null
  // Ctrl-C (at a --step prompt, say): close the engine and its database before leaving.
  const interrupted = () => {
    enter?.close()
    client.close().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  try {
    let run = await client.create({
      flow: options.flow as RunFlowName,
      app: options.app,
      ...(options.user ? { user: options.user } : {}),
      options: options.options,
    })
    if (!options.json) {
      output(s.bold(`${run.flow} · ${run.app}${run.user ? ` · ${run.user}` : ''} · run ${run.id}`))
      output('')
    }
    let shown = 0
    const showUpTo = (current: typeof run) => {
      // Skipped steps are settled by the runner between sends: print them in order too.
      while (shown < current.steps.length && current.steps[shown]!.status !== 'pending') {
        if (!options.json) output(formatStep(current.steps[shown]!, s).join('\n') + '\n')
        shown += 1
      }
    }
    while (run.next !== null) {
      if (enter) {
        output(s.dim(`Press Enter to send step ${run.next + 1} (${run.steps[run.next]!.name})…`))
        await enter.wait()
      }
      await client.send(run.id, run.next)
      run = await client.get(run.id)
      showUpTo(run)
    }
    showUpTo(run)
    if (options.json) output(JSON.stringify(run, null, 2))
    else output(formatEnd(run, s))
    return run.status === 'completed' ? EXIT.ok : EXIT.failure
  } finally {
    process.removeListener('SIGINT', interrupted)
    enter?.close()
    await client.close()
  }
}

/** `--option key=value`: true/false and numbers become JSON values, the rest strings. */
export function parseRunOption(
  value: string,
  previous: Record<string, unknown> = {},
): Record<string, unknown> {
  const eq = value.indexOf('=')
  if (eq <= 0) throw new CliError(`--option: expected key=value, got ${value}`, EXIT.invalidInput)
  const key = value.slice(0, eq)
  const raw = value.slice(eq + 1)
  const parsed: unknown =
    raw === 'true' ? true : raw === 'false' ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw
  return { ...previous, [key]: parsed }
}
