import type { ExchangeDetail, FlowKind, FlowSummary } from '../../shared/admin-api'
import type { RunFlowName } from '../../shared/runner-api'
import { SCENARIO_FORMAT, type Expect } from './schema'
import { oauthError, restError, type Observation } from './expect'

/**
 * "Save as scenario": a recorded flow — made by any client or by the runner — turned into a
 * scenario that replays it through the flow runner, with what was observed as expectations.
 * Secrets never go into the file: consumer secrets, passwords, codes and tokens come from the
 * workspace and the replay itself (`{{access_token}}` …). A failure the client caused with a
 * wrong secret or password is replayed with a made-up wrong value.
 */

/** Which runner flow plays a flow of the trace. */
export const RUNNER_FLOW_OF_KIND: Partial<Record<FlowKind, RunFlowName>> = {
  web_server: 'web-server',
  user_agent: 'user-agent',
  refresh_token: 'refresh',
  password: 'username-password',
  client_credentials: 'client-credentials',
  jwt_bearer: 'jwt-bearer',
  device: 'device',
  token_exchange: 'token-exchange',
}

/** The runner step that posts to the token endpoint, per flow. */
const TOKEN_STEP: Partial<Record<RunFlowName, string>> = {
  'web-server': 'token',
  'username-password': 'token',
  'client-credentials': 'token',
  'jwt-bearer': 'token',
  refresh: 'refresh',
  device: 'poll',
  'token-exchange': 'exchange',
}

const OAUTH_ENDPOINTS = new Set(['authorize', 'login', 'continue', 'consent', 'token', 'device'])
const RESOURCE_ENDPOINTS = new Set(['rest', 'userinfo', 'identity'])
const TOKEN_QUERY_PARAMS = ['oauth_token', 'access_token']

export class FlowNotReplayable extends Error {}

export interface ScenarioFromFlowOptions {
  /** The workspace file the scenario names (relative to the scenario file). */
  workspace: string
}

function observed(detail: ExchangeDetail): Observation {
  const header = detail.response.headers.location
  const location = Array.isArray(header) ? header[0]! : (header ?? null)
  return {
    status: detail.status,
    headers: {},
    body: detail.response.body?.encoding === 'utf8' ? detail.response.body.text : '',
    location: location ? new URL(location, 'http://gatehouse.invalid').toString() : null,
  }
}

/** The expectations of one exchange: status, the error it carried, the step that refused it. */
function expectationsOf(detail: ExchangeDetail): Expect {
  const obs = observed(detail)
  const expect: Expect = { status: detail.status }
  const oauth = oauthError(obs)
  if (oauth.error !== undefined) expect.error = oauth.error
  if (oauth.error_description !== undefined) expect.error_description = oauth.error_description
  const rest = restError(obs)
  if (rest.errorCode !== undefined) expect.errorCode = rest.errorCode
  if (detail.outcome === 'failed' && detail.failedStep && !detail.failedStep.startsWith('http.')) {
    expect.failedStep = detail.failedStep
  } else if (detail.outcome === 'ok') expect.outcome = 'ok'
  return expect
}

function requestParams(detail: ExchangeDetail): URLSearchParams {
  const url = new URL(detail.url, 'http://gatehouse.invalid')
  const params = new URLSearchParams(url.search)
  const body = detail.request.body
  if (body && body.encoding === 'utf8' && /x-www-form-urlencoded/.test(body.contentType ?? '')) {
    for (const [name, value] of new URLSearchParams(body.text)) params.append(name, value)
  }
  return params
}

export function scenarioFromFlow(
  flow: FlowSummary,
  exchanges: ExchangeDetail[],
  options: ScenarioFromFlowOptions,
): Record<string, unknown> {
  const runnerFlow = RUNNER_FLOW_OF_KIND[flow.kind]
  if (!runnerFlow) {
    throw new FlowNotReplayable(
      `flow ${flow.id} is of kind ${flow.kind}: the runner has no flow to replay it with`,
    )
  }
  if (!flow.appName) throw new FlowNotReplayable(`flow ${flow.id} names no app`)

  // The flow's own grant: its OAuth exchanges up to the first token answer that issued
  // tokens or refused; what follows (API calls, refreshes) becomes raw requests.
  let grantEnd = -1
  for (const [index, exchange] of exchanges.entries()) {
    if (!OAUTH_ENDPOINTS.has(exchange.endpoint)) break
    grantEnd = index
    const isFinal =
      (exchange.endpoint === 'token' &&
        (exchange.status === 200 || exchange.outcome === 'failed') &&
        !/authorization_pending|slow_down/.test(observed(exchange).body)) ||
      (exchange.outcome === 'failed' && exchange.endpoint !== 'token')
    if (isFinal) break
  }
  const grant = exchanges.slice(0, grantEnd + 1)
  const last = grant.at(-1)

  const runnerOptions: Record<string, unknown> = {}
  const tokenEdits: Record<string, string> = {}
  const authorize = grant.find((e) => e.endpoint === 'authorize')
  if (authorize && runnerFlow === 'web-server') {
    const params = requestParams(authorize)
    runnerOptions.pkce = params.has('code_challenge')
    if (params.has('scope')) runnerOptions.scope = params.get('scope')
  }
  const token = grant.find((e) => e.endpoint === 'token')
  if (token && !authorize) {
    const params = requestParams(token)
    if (params.has('scope')) runnerOptions.scope = params.get('scope')
  }
  if (last) {
    const error = oauthError(observed(last)).error
    if (error === 'access_denied') runnerOptions.decision = 'deny'
    // What the client got wrong, replayed without copying the secret it sent.
    switch (last.failedStep) {
      case 'password.verify':
        tokenEdits.password = 'not-the-password'
        break
      case 'client.secret':
        tokenEdits.client_secret = 'not-the-secret'
        break
      case 'client.lookup':
        tokenEdits.client_id = 'not-a-consumer-key'
        break
    }
  }

  const flowStep: Record<string, unknown> = { flow: runnerFlow, app: flow.appName }
  if (flow.username && runnerFlow !== 'client-credentials') flowStep.user = flow.username
  if (Object.keys(runnerOptions).length) flowStep.options = runnerOptions
  const tokenStep = TOKEN_STEP[runnerFlow]
  if (Object.keys(tokenEdits).length && tokenStep) {
    flowStep.edits = { [tokenStep]: { params: tokenEdits } }
  }
  if (last) flowStep.expect = expectationsOf(last)

  const steps: Array<Record<string, unknown>> = [flowStep]
  const skipped: string[] = []
  for (const exchange of exchanges.slice(grantEnd + 1)) {
    const url = new URL(exchange.url, 'http://gatehouse.invalid')
    if (RESOURCE_ENDPOINTS.has(exchange.endpoint) && exchange.method === 'GET') {
      const params: Record<string, string> = {}
      for (const [name, value] of url.searchParams) {
        if (!TOKEN_QUERY_PARAMS.includes(name)) params[name] = value
      }
      steps.push({
        request: {
          method: 'GET',
          path: url.pathname,
          ...(Object.keys(params).length ? { params } : {}),
          useLastAccessToken: true,
        },
        expect: expectationsOf(exchange),
      })
    } else if (
      exchange.endpoint === 'token' &&
      requestParams(exchange).get('grant_type') === 'refresh_token'
    ) {
      steps.push({
        name: 'the client refreshes its access token',
        request: {
          method: 'POST',
          path: url.pathname,
          params: {
            grant_type: 'refresh_token',
            refresh_token: '{{refresh_token}}',
            client_id: `{{consumerKey:${flow.appName}}}`,
            client_secret: `{{consumerSecret:${flow.appName}}}`,
          },
        },
        expect: expectationsOf(exchange),
      })
    } else skipped.push(`${exchange.method} ${url.pathname} (exchange ${exchange.id})`)
  }

  const outcome =
    flow.status === 'failed'
      ? `failed at ${flow.failedStep ?? 'an exchange'}`
      : flow.status === 'succeeded'
        ? 'succeeded'
        : 'in progress'
  return {
    gatehouse: SCENARIO_FORMAT,
    name: `${flow.appName}: ${runnerFlow}${flow.username ? ` as ${flow.username}` : ''} — ${outcome}`,
    description:
      `Saved from flow ${flow.id} (${flow.kind}, ${flow.exchangeCount} exchanges, started ${flow.startedAt}), replayed through the flow runner with what was observed as expectations. ` +
      `Secrets, codes and tokens are not in this file: they come from the workspace (${options.workspace}; write it with \`gatehouse export > ${options.workspace}\`) and from the replay.` +
      (skipped.length ? ` Not replayed: ${skipped.join(', ')}.` : ''),
    workspace: options.workspace,
    steps,
  }
}
