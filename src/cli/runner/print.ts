import type { RunStep, Run } from '../../shared/runner-api'

/** How `gatehouse run` writes a step for a person reading a terminal. */

export interface Style {
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
}

const wrap = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`

export function style(colors: boolean): Style {
  if (!colors) {
    const plain = (text: string) => text
    return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain }
  }
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
  }
}

// Values a person should recognise, not read in full: secrets, codes and tokens (but not
// `token_type` or `issued_token_type`, whose values are names).
const SECRET_NAMES =
  /(^|_)(token|secret|password|assertion|signature)$|^(code|code_verifier|device_code|authorization|cookie)$/i
const MAX_BODY_LINES = 24
// Headers of an answer worth a line of their own (Location has its own, shortened).
const KEY_RESPONSE_HEADERS = ['WWW-Authenticate', 'Retry-After'] as const

/** A secret shortened to its first and last characters; a short one (a password) to two. */
export function shorten(name: string, value: string): string {
  if (!SECRET_NAMES.test(name)) return value
  if (value.length > 12) return `${value.slice(0, 8)}…${value.slice(-4)} (${value.length} chars)`
  return `${value.length > 3 ? value.slice(0, 2) : ''}… (${value.length} chars)`
}

function body(text: string): string[] {
  let pretty = text
  try {
    pretty = JSON.stringify(
      JSON.parse(text),
      (key, value: unknown) => (typeof value === 'string' ? shorten(key, value) : value),
      2,
    )
  } catch {
    // not JSON: as it came
  }
  const lines = pretty.split('\n')
  if (lines.length <= MAX_BODY_LINES) return lines
  return [...lines.slice(0, MAX_BODY_LINES), `… ${lines.length - MAX_BODY_LINES} more lines`]
}

export function formatStep(step: RunStep, s: Style): string[] {
  const out: string[] = []
  const heading = `${step.index + 1}. ${step.title} (${step.name})`
  if (step.status === 'skipped') {
    out.push(s.dim(`${heading} — skipped: ${step.note ?? ''}`))
    return out
  }
  out.push(s.bold(heading))
  if (step.explain?.narrative) out.push(s.dim(`   ${step.explain.narrative}`))
  const request = step.request
  if (request) {
    const url = new URL(request.url)
    out.push(`   → ${request.method} ${url.pathname}`)
    for (const [name, value] of Object.entries(request.params)) {
      out.push(`       ${name} = ${shorten(name, value)}`)
      const why = step.explain?.params[name]
      if (why) out.push(s.dim(`         ${why}`))
    }
    if (request.headers.authorization) {
      // The scheme stays readable (Bearer, Basic); the credential after it is shortened.
      const [scheme, ...credential] = request.headers.authorization.split(' ')
      const value = credential.length
        ? `${scheme} ${shorten('token', credential.join(' '))}`
        : shorten('authorization', request.headers.authorization)
      out.push(`       Authorization: ${value}`)
    }
  }
  const response = step.response
  if (response) {
    const ok = step.outcome !== 'failed'
    const status = `   ← ${response.status}${step.exchangeId ? s.dim(` (exchange ${step.exchangeId})`) : ''}`
    out.push(ok ? s.green(status) : step.refusalExpected ? s.yellow(status) : s.red(status))
    if (response.location) out.push(`       Location: ${shortenLocation(response.location)}`)
    for (const name of KEY_RESPONSE_HEADERS) {
      const value = headerValue(response.headers, name.toLowerCase())
      if (value) out.push(`       ${name}: ${value}`)
    }
    if (response.body && !(response.headers['content-type'] ?? '').includes('html')) {
      for (const line of body(response.body)) out.push(`       ${line}`)
    } else if (response.body) {
      out.push(s.dim(`       (an HTML page, ${response.body.length} characters)`))
    }
  }
  if (step.why?.length) {
    out.push('     Why:')
    for (const decision of step.why) {
      const mark =
        decision.outcome === 'failed'
          ? s.red('✗')
          : decision.outcome === 'skipped'
            ? s.dim('–')
            : s.green('✓')
      out.push(`       ${mark} ${decision.name}: ${decision.detail}`)
      if (decision.error) {
        out.push(
          s.red(
            `           ${decision.error.status} ${decision.error.error}: ${decision.error.error_description}`,
          ),
        )
      }
    }
  }
  if (step.refusalExpected && step.outcome === 'failed')
    out.push(s.yellow('     (expected here: the run goes on)'))
  return out
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((header) => header.toLowerCase() === name)
  return key === undefined ? undefined : headers[key]
}

function shortenLocation(location: string): string {
  const url = new URL(location)
  const shortened = (params: URLSearchParams) =>
    [...params].map(([name, value]) => `${name}=${shorten(name, value)}`).join('&')
  const query = url.search ? `?${shortened(url.searchParams)}` : ''
  const fragment = url.hash ? `#${shortened(new URLSearchParams(url.hash.slice(1)))}` : ''
  return `${url.origin}${url.pathname}${query}${fragment}`
}

export function formatEnd(run: Run, s: Style): string {
  if (run.status === 'completed')
    return s.green(
      `✓ ${run.flow} completed for ${run.app}${run.user ? ` as ${run.user}` : ''} (run ${run.id}${run.flowId ? `, flow ${run.flowId}` : ''})`,
    )
  const refused = [...run.steps]
    .reverse()
    .find((step) => step.outcome === 'failed' && !step.refusalExpected)
  const where = refused
    ? ` at step ${refused.index + 1} (${refused.name})${refused.failedStep ? `: ${refused.failedStep}` : ''}`
    : ''
  return s.red(
    `✗ ${run.flow} was refused${where} (run ${run.id}${run.flowId ? `, flow ${run.flowId}` : ''})`,
  )
}
