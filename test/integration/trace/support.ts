import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGatehouse, type GatehouseOptions } from '../../../src/core'
import { VirtualClock } from '../../../src/core/policy/clock'
import type {
  ExchangeDetail,
  FlowDetail,
  Page,
  ExchangeSummary,
} from '../../../src/shared/admin-api'
import { form, type RunningGatehouse } from '../../support/gatehouse'
import { PASSWORD, testWorkspace } from '../../support/workspace'
import { admin } from '../admin/support'

export const TOKEN = '/services/oauth2/token'

/** The recorder writes in batches; reads through the admin API flush first. */
export async function listExchanges(gh: RunningGatehouse, query = ''): Promise<ExchangeSummary[]> {
  const res = await admin(gh, 'GET', `/exchanges${query ? `?${query}` : ''}`)
  if (res.status !== 200) throw new Error(`GET /exchanges answered ${res.status}`)
  return (res.body as Page<ExchangeSummary>).items
}

export async function getFlow(gh: RunningGatehouse, id: number): Promise<FlowDetail> {
  const res = await admin(gh, 'GET', `/flows/${id}`)
  if (res.status !== 200) throw new Error(`GET /flows/${id} answered ${res.status}`)
  return res.body as FlowDetail
}

export async function getExchange(gh: RunningGatehouse, id: number): Promise<ExchangeDetail> {
  const res = await admin(gh, 'GET', `/exchanges/${id}`)
  if (res.status !== 200) throw new Error(`GET /exchanges/${id} answered ${res.status}`)
  return res.body as ExchangeDetail
}

/** `Authorization: Basic` for a client id and secret. */
export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** A browser: cookies kept, redirects not followed. */
export class Browser {
  private readonly cookies = new Map<string, string>()

  constructor(private readonly gh: RunningGatehouse) {}

  cookieValues(): string[] {
    return [...this.cookies.values()]
  }

  async get(path: string): Promise<Response> {
    return this.keep(await this.gh.fetch(path, { headers: this.headers() }))
  }

  async post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.keep(
      await this.gh.fetch(path, {
        method: 'POST',
        body: form(fields),
        headers: { ...this.headers(), origin: this.gh.baseUrl },
      }),
    )
  }

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    return cookie ? { cookie } : {}
  }

  private keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      const value = pair!.slice(eq + 1)
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(pair!.slice(0, eq))
      else this.cookies.set(pair!.slice(0, eq), value)
    }
    return response
  }
}

export function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
  if (!match) throw new Error(`no hidden ${name} in the page`)
  return match[1]!
}

/** The path of a same-origin redirect, or the redirect URL itself. */
export function location(gh: RunningGatehouse, response: Response): URL {
  const value = response.headers.get('location')
  if (!value) throw new Error(`expected a redirect, got ${response.status}`)
  return new URL(value, gh.baseUrl)
}

/**
 * The browser half of the web server flow: authorize → login page → login → continue →
 * consent page → Allow → the redirect to the callback with the code. Answers the code and
 * everything secret the browser saw.
 */
export async function authorizeInBrowser(
  gh: RunningGatehouse,
  browser: Browser,
  params: Record<string, string>,
  username: string,
  password = PASSWORD,
): Promise<{ code: string; csrfs: string[]; callback: URL }> {
  const csrfs: string[] = []
  const page = await browser.get(`/services/oauth2/authorize?${new URLSearchParams(params)}`)
  let response = page
  if (page.status === 200) {
    const html = await page.text()
    const csrf = hidden(html, 'csrf')
    csrfs.push(csrf)
    const login = await browser.post('/services/oauth2/authorize/login', {
      request_id: hidden(html, 'request_id'),
      csrf,
      username,
      password,
    })
    if (login.status !== 303) throw new Error(`login answered ${login.status}`)
    const next = location(gh, login)
    response = await browser.get(next.pathname + next.search)
    if (response.status === 200) {
      const consent = await response.text()
      const consentCsrf = hidden(consent, 'csrf')
      csrfs.push(consentCsrf)
      response = await browser.post('/services/oauth2/authorize/consent', {
        request_id: hidden(consent, 'request_id'),
        csrf: consentCsrf,
        decision: 'approve',
      })
    }
  }
  const callback = location(gh, response)
  const code = callback.searchParams.get('code')
  if (!code) throw new Error(`no code in ${callback}`)
  return { code, csrfs, callback }
}

/** Like startGatehouse, with engine options (recorder limits) of the test's choosing. */
export async function startWithOptions(
  options: Partial<GatehouseOptions> = {},
): Promise<RunningGatehouse> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-trace-'))
  const clock = options.clock ?? new VirtualClock()
  const engine = await createGatehouse({
    dataDir,
    workspace: testWorkspace(),
    clock,
    uiDir: null,
    ...options,
  })
  const { baseUrl } = await engine.listen({ host: '127.0.0.1', port: 0 })
  return {
    engine,
    baseUrl,
    clock,
    dataDir,
    fetch: (path, init) => fetch(baseUrl + path, { redirect: 'manual', ...init }),
    async close() {
      await engine.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
