import { expect } from 'vitest'
import type { RunningGatehouse } from '../../support/gatehouse'
import { PASSWORD } from '../../support/workspace'
import { BrowserClient, locationOf, localPath } from '../authorize/support'
import { CONNECT, DV, postMultipart, TOKEN } from './support'

export { BrowserClient }

/** Where a page's form posts, as a browser reads the attribute. */
export function formAction(html: string, form: string): string {
  const match = new RegExp(`<form method="post" action="([^"]+)" name="${form}"`).exec(html)
  if (!match) throw new Error(`no ${form} form in the page`)
  return match[1]!.replace(/&amp;/g, '&')
}

/** A hidden (or any) input's value in a page. */
export function fieldValue(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
  if (!match) throw new Error(`no ${name} field in the page`)
  return match[1]!
}

export interface SalesforceDeviceAuthorization {
  device_code: string
  user_code: string
  verification_uri: string
  interval: number
}

/**
 * `response_type=device_code` as the Salesforce CLI posts it: multipart, client_id only
 * (the CLI's scope by default; null sends none).
 */
export async function requestDeviceCode(
  gh: RunningGatehouse,
  clientId = DV.key,
  scope: string | null = 'refresh_token web api',
): Promise<SalesforceDeviceAuthorization> {
  const res = await postMultipart(gh, TOKEN, {
    client_id: clientId,
    response_type: 'device_code',
    ...(scope === null ? {} : { scope }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as SalesforceDeviceAuthorization
}

/** The CLI's poll: multipart `grant_type=device&client_id=…&code=…`. */
export function pollDevice(
  gh: RunningGatehouse,
  deviceCode: string,
  clientId = DV.key,
  extra: Record<string, string> = {},
): Promise<Response> {
  return postMultipart(gh, TOKEN, {
    client_id: clientId,
    grant_type: 'device',
    code: deviceCode,
    ...extra,
  })
}

/** Follows a same-origin 303 with the browser client. */
export async function follow(
  gh: RunningGatehouse,
  client: BrowserClient,
  res: Response,
): Promise<Response> {
  expect(res.status).toBe(303)
  return client.get(localPath(locationOf(gh, res)))
}

/** Logs in on the verification page's login form; answers the page after the 303. */
export async function logIn(
  gh: RunningGatehouse,
  client: BrowserClient,
  loginPage: Response,
  username: string,
  password = PASSWORD,
): Promise<Response> {
  const html = await loginPage.text()
  expect(html).toContain('id="username"')
  const res = await client.post(formAction(html, 'login'), {
    request_id: fieldValue(html, 'request_id'),
    csrf: fieldValue(html, 'csrf'),
    username,
    password,
  })
  return follow(gh, client, res)
}

/**
 * Opens verification_uri_complete-style `/setup/connect?user_code=…`, logs in if asked, and
 * clicks Allow or Deny: answers the decision form's response (a 303, or an error page).
 */
export async function submitDecision(
  gh: RunningGatehouse,
  client: BrowserClient,
  userCode: string,
  username: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<Response> {
  let page = await client.get(`${CONNECT}?user_code=${encodeURIComponent(userCode)}`)
  if ((await page.clone().text()).includes('id="username"'))
    page = await logIn(gh, client, page, username)
  const html = await page.text()
  expect(html).toContain('id="oaapprove"')
  return client.post(`${CONNECT}/decision`, {
    csrf: fieldValue(html, 'csrf'),
    user_code: fieldValue(html, 'user_code'),
    decision,
  })
}

/** submitDecision, then the done page the 303 leads to. */
export async function decideOnPage(
  gh: RunningGatehouse,
  client: BrowserClient,
  userCode: string,
  username: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<Response> {
  return follow(gh, client, await submitDecision(gh, client, userCode, username, decision))
}
