import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { capturedExchange } from '../../trace/capture'
import type { BreakpointStage } from '../../workspace/types'
import { dropConnection, DROPPED_STATUS } from '../faults/apply'
import { RequestFacts } from '../faults/facts'
import type { Decision } from './decision'
import { failAtRequest, failAtResponse, failIssues } from './fail'
import { selectBreakpoint, type FiredBreakpoint } from './match'
import { PausedExchangeError, type PauseInput } from './paused'
import { applyRequestEdits, requestView } from './request-edits'
import { applyResponseEdits, recordPayload, responseView } from './response-edits'

/**
 * Where breakpoints meet the request pipeline (called from the policy hooks):
 * - breakAtRequest runs where the fault rules run, just before them: the exchange waits
 *   before any check, and the fault rules and the endpoint then see the changed request;
 * - breakAtResponse runs in onSend, after every other hook has shaped the answer and before
 *   a byte is written.
 * Each pause records a `breakpoint.request` / `breakpoint.response` step saying who paused
 * it, for how long, and how it was let go, with the original and the changed values.
 */

/** nginx's "client closed request": the client went away while its exchange was paused. */
export const CLIENT_GONE_STATUS = 499

const STEP = { request: 'breakpoint.request', response: 'breakpoint.response' } as const

/** The client's connection, watched while the exchange waits. */
function connectionOf(request: FastifyRequest): PauseInput['connection'] {
  const socket = request.raw.socket
  return {
    closed: () => socket?.destroyed === true,
    onClose(listener) {
      if (!socket) return () => {}
      socket.once('close', listener)
      return () => socket.off('close', listener)
    },
  }
}

/** Holds the exchange; its socket's idle timeout is off meanwhile (the pause has its own). */
async function hold(
  engine: Gatehouse,
  request: FastifyRequest,
  fired: FiredBreakpoint,
  at: BreakpointStage,
  facts: RequestFacts,
  view: PauseInput['view'],
): Promise<{ decision: Decision; note: string }> {
  const { active } = fired
  const socket = request.raw.socket
  const idleTimeout = socket?.timeout
  socket?.setTimeout(0)
  const started = Date.now()
  const validate = (decision: Decision) => {
    const issues =
      decision.kind === 'continue' && at === 'request' && decision.response
        ? [{ path: 'response', message: 'the exchange is paused at request: edit its request' }]
        : decision.kind === 'continue' && at === 'response' && decision.request
          ? [{ path: 'request', message: 'the exchange is paused at response: edit its response' }]
          : decision.kind === 'fail'
            ? failIssues(at, facts, decision.with)
            : []
    if (issues.length) {
      throw new PausedExchangeError(
        'invalid',
        `the decision does not fit this exchange: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      )
    }
  }
  const decision = await engine.policy.paused.pause({
    breakpoint: {
      id: active.id,
      ...(active.rule.name === undefined ? {} : { name: active.rule.name }),
    },
    at,
    timeoutSeconds: active.rule.timeoutSeconds,
    view,
    validate,
    connection: connectionOf(request),
  })
  if (socket && !socket.destroyed) socket.setTimeout(idleTimeout ?? 0)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const label = active.rule.name ? `${active.id} (${active.rule.name})` : active.id
  const note = `paused by breakpoint ${label} at ${at} (pause ${fired.firedCount}) for ${seconds} s`
  return { decision, note }
}

/** What the trace says of a release without a decision. */
function releasedNote(decision: Decision, timeoutSeconds: number): string | undefined {
  if (decision.kind === 'timeout') {
    return `nobody decided within ${timeoutSeconds} s: continues unchanged`
  }
  if (decision.kind === 'shutdown') {
    return 'released unchanged: the server is shutting down (the connection closes after the answer)'
  }
  return undefined
}

/** The client went away: the exchange is recorded without an answer. */
function recordClientGone(engine: Gatehouse, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack()
  engine.recorder?.enqueue({
    ...capturedExchange(request, reply),
    status: CLIENT_GONE_STATUS,
    responseHead: undefined,
    responseHeaders: () => ({}),
    payload: undefined,
  })
}

const goneNote = `the client disconnected while the exchange was paused: released without an answer (recorded as status ${CLIENT_GONE_STATUS})`
const dropNote = `dropped: the connection is closed without an answer (recorded as status ${DROPPED_STATUS})`

/**
 * Pauses the request if a breakpoint at `request` matches it. Answers true when the request
 * is answered or gone (the hook stops there); false when the endpoint goes on.
 */
export async function breakAtRequest(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const rules = engine.policy.breakpoints
  if (rules.enabled('request').length === 0) return false
  const facts = new RequestFacts(engine, request)
  const fired = selectBreakpoint(rules, 'request', facts, [])
  if (!fired) return false
  const view = { exchangeId: null, request: requestView(request, facts) }
  const { decision, note } = await hold(engine, request, fired, 'request', facts, view)
  const trace = request.gatehouse
  const step = STEP.request
  switch (decision.kind) {
    case 'continue': {
      const changes = decision.request ? applyRequestEdits(request, decision.request) : []
      trace.log.pass(
        step,
        changes.length
          ? `${note}; continued with changes: ${changes.join('; ')}`
          : `${note}; continued unchanged`,
      )
      return false
    }
    case 'timeout':
    case 'shutdown':
      trace.log.pass(step, `${note}; ${releasedNote(decision, fired.active.rule.timeoutSeconds)}`)
      if (decision.kind === 'shutdown') reply.header('connection', 'close')
      return false
    case 'disconnected':
      trace.log.pass(step, `${note}; ${goneNote}`)
      recordClientGone(engine, request, reply)
      return true
    case 'drop':
      trace.log.pass(step, `${note}; ${dropNote}`)
      dropConnection(engine, request, reply)
      return true
    case 'fail':
      return failAtRequest(
        engine,
        request,
        reply,
        new RequestFacts(engine, request),
        decision.with,
        {
          name: step,
          note,
          ref: { id: fired.active.id, name: `breakpoint, paused exchange at ${fired.active.at}` },
        },
      )
  }
}

/** Pauses the decided answer if a breakpoint at `response` matches; answers the payload. */
export async function breakAtResponse(
  engine: Gatehouse,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  const rules = engine.policy.breakpoints
  if (rules.enabled('response').length === 0) return payload
  const trace = request.gatehouse
  const facts = new RequestFacts(engine, request)
  const fired = selectBreakpoint(rules, 'response', facts, trace.log.steps)
  if (!fired) return payload
  const failedStep = trace.log.failed()
  const view = {
    exchangeId: null,
    request: requestView(request, facts),
    response: responseView(reply, payload),
    ...(failedStep ? { failedStep: { ...failedStep } } : {}),
  }
  const { decision, note } = await hold(engine, request, fired, 'response', facts, view)
  const step = STEP.response
  switch (decision.kind) {
    case 'continue': {
      const edited = decision.response
        ? applyResponseEdits(request, reply, payload, decision.response)
        : { payload, changes: [] }
      trace.log.pass(
        step,
        edited.changes.length
          ? `${note}; continued with changes: ${edited.changes.join('; ')}`
          : `${note}; continued unchanged`,
      )
      return edited.payload
    }
    case 'timeout':
    case 'shutdown':
      trace.log.pass(step, `${note}; ${releasedNote(decision, fired.active.rule.timeoutSeconds)}`)
      if (decision.kind === 'shutdown') reply.header('connection', 'close')
      return payload
    case 'disconnected':
      trace.log.pass(step, `${note}; ${goneNote}`)
      recordClientGone(engine, request, reply)
      return payload
    case 'drop':
      trace.log.pass(step, `${note}; ${dropNote}`)
      dropConnection(engine, request, reply)
      return payload
    case 'fail': {
      const next = await failAtResponse(engine, request, reply, facts, payload, decision.with, {
        name: step,
        note,
      })
      recordPayload(request, next)
      return next
    }
  }
}
