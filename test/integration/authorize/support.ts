import { createHash, randomBytes } from 'node:crypto'
import type { RunningGatehouse } from '../../support/gatehouse'
import { form } from '../../support/gatehouse'
import { PASSWORD } from '../../support/workspace'

export const AUTHORIZE = '/services/oauth2/authorize'
export const LOGIN = '/services/oauth2/authorize/login'
export const CONSENT = '/services/oauth2/authorize/consent'

/** A minimal cookie jar: what a browser would send back to the server. */
export class CookieJar {
  private readonly cookies = new Map<string, string>()

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)
  }

  header(): string | undefined {
    if (!this.cookies.size) return undefined
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

/** A browser-like client: manual redirects, cookies kept between requests. */
export class BrowserClient {
  readonly jar = new CookieJar()

  constructor(private readonly gh: RunningGatehouse) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const cookie = this.jar.header()
    const response = await this.gh.fetch(path, {
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    })
    this.jar.store(response)
    return response
  }

  async post(
    path: string,
    fields: Record<string, string | undefined>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const cookie = this.jar.header()
    const response = await this.gh.fetch(path, {
      method: 'POST',
      body: form(fields),
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    })
    this.jar.store(response)
    return response
  }
}

export function authorizePath(params: Record<string, string | undefined>): string {
  return `${AUTHORIZE}?${form(params).toString()}`
}

/** The hidden fields of the page's form. */
export function hiddenFields(html: string): { request_id: string; csrf: string } {
  const field = (name: string) => {
    const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
    if (!match) throw new Error(`no hidden ${name} field in the page`)
    return match[1]!
  }
  return { request_id: field('request_id'), csrf: field('csrf') }
}

/** The Location header resolved against the server, as a URL. */
export function locationOf(gh: RunningGatehouse, response: Response): URL {
  const location = response.headers.get('location')
  if (!location) throw new Error(`expected a redirect, got ${response.status}`)
  return new URL(location, gh.baseUrl)
}

/** The path and query of a same-origin Location, for following it with the client. */
export function localPath(url: URL): string {
  return url.pathname + url.search
}

/** Logs in through the login page the response shows; answers the login POST's response. */
export async function submitLogin(
  client: BrowserClient,
  loginPage: Response,
  username: string,
  password = PASSWORD,
): Promise<Response> {
  const html = await loginPage.text()
  const { request_id, csrf } = hiddenFields(html)
  return client.post(LOGIN, { request_id, csrf, username, password })
}

/**
 * Starts an authorization, logs in and follows the 303 to the continue URL: answers the
 * response after login (a consent page, or a redirect to the client).
 */
export async function loginAndContinue(
  gh: RunningGatehouse,
  client: BrowserClient,
  params: Record<string, string | undefined>,
  username: string,
): Promise<Response> {
  const page = await client.get(authorizePath(params))
  if (page.status !== 200) throw new Error(`expected the login page, got ${page.status}`)
  const login = await submitLogin(client, page, username)
  if (login.status !== 303) throw new Error(`login failed with ${login.status}`)
  return client.get(localPath(locationOf(gh, login)))
}

/** Clicks Allow or Deny on a consent page. */
export async function submitConsent(
  client: BrowserClient,
  consentPage: Response,
  decision: 'approve' | 'deny',
): Promise<Response> {
  const { request_id, csrf } = hiddenFields(await consentPage.text())
  return client.post(CONSENT, { request_id, csrf, decision })
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** The parameters a response redirect carried (query), as a plain object. */
export function responseParams(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams)
}
