import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import type { RequestFacts } from '../faults/facts'
import type { FaultAnswer } from '../faults/presets'
import { sendFaultAnswer } from '../faults/respond'

/**
 * A fault answer rendered rather than sent. At `response` the endpoint has already handed
 * its answer over (Fastify is between the handler and the socket), so a Salesforce error or
 * a preset that replaces it is rendered by the fault rules' own responder into a stand-in
 * reply — same shapes, same headers — and then put in the place of the decided answer.
 */

export interface RenderedAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/** The few reply methods the responders use, writing into a plain answer. */
class AnswerCapture {
  readonly answer: RenderedAnswer = { status: 200, headers: {}, body: '' }

  code(status: number): this {
    this.answer.status = status
    return this
  }

  status(status: number): this {
    return this.code(status)
  }

  header(name: string, value: unknown): this {
    this.answer.headers[name.toLowerCase()] = String(value)
    return this
  }

  headers(values: Record<string, unknown>): this {
    for (const [name, value] of Object.entries(values)) this.header(name, value)
    return this
  }

  type(contentType: string): this {
    return this.header('content-type', contentType)
  }

  getHeader(name: string): string | undefined {
    return this.answer.headers[name.toLowerCase()]
  }

  hasHeader(name: string): boolean {
    return name.toLowerCase() in this.answer.headers
  }

  removeHeader(name: string): this {
    delete this.answer.headers[name.toLowerCase()]
    return this
  }

  send(body?: unknown): this {
    this.answer.body =
      body === undefined || body === null
        ? ''
        : typeof body === 'string'
          ? body
          : Buffer.isBuffer(body)
            ? body.toString('utf8')
            : JSON.stringify(body)
    return this
  }
}

export function renderFaultAnswer(
  engine: Gatehouse,
  request: FastifyRequest,
  facts: RequestFacts,
  answer: FaultAnswer,
  options: { apiUsageExhausted?: boolean } = {},
): RenderedAnswer {
  const capture = new AnswerCapture()
  sendFaultAnswer(engine, request, capture as unknown as FastifyReply, facts, answer, options)
  return capture.answer
}

/** Puts a rendered answer in the place of the reply's decided one; answers the payload. */
export function replaceAnswer(reply: FastifyReply, answer: RenderedAnswer): string {
  for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name)
  reply.code(answer.status)
  reply.headers(answer.headers)
  return answer.body
}
