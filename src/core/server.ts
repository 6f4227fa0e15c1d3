import { existsSync } from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import type { Gatehouse } from './gatehouse'
import { allowedHostsFor, isAllowedHost } from './http/host-allowlist'
import { installErrorHandler } from './http/error-handler'
import { pageSecurityHeaders } from './http/security-headers'
import { registerAdminApi } from './admin/routes'
import { registerOAuth } from './oauth'
import { registerRestApi } from './api'
import { newExchangeTrace } from './oauth/exchange-trace'
import { installPolicyHooks } from './policy/hooks'

export interface ServerOptions {
  host: string
  logger: boolean
  uiDir: string | null
  allowedHosts: string[]
}

export interface BuiltServer {
  app: FastifyInstance
  /** Called once the port is known (port 0 picks one): the Host allowlist depends on it. */
  setPort(port: number): void
}

/** Requests and bodies are bounded so a stuck or hostile client cannot hold the server. */
const LIMITS = {
  bodyLimit: 1024 * 1024,
  requestTimeout: 30_000,
  connectionTimeout: 60_000,
  keepAliveTimeout: 5_000,
  headersTimeout: 15_000,
  maxParamLength: 500,
}

/** Never log credentials: pino blanks these paths when logging is on. */
const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]']

export async function buildServer(engine: Gatehouse, options: ServerOptions): Promise<BuiltServer> {
  const app = Fastify({
    logger: options.logger ? { level: 'info', redact: LOG_REDACT } : false,
    bodyLimit: LIMITS.bodyLimit,
    requestTimeout: LIMITS.requestTimeout,
    connectionTimeout: LIMITS.connectionTimeout,
    keepAliveTimeout: LIMITS.keepAliveTimeout,
    routerOptions: { maxParamLength: LIMITS.maxParamLength },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: false,
  })
  app.server.headersTimeout = LIMITS.headersTimeout

  let allowed = new Set<string>()
  // First, so every exchange is timed from its start and recorded, refused ones included.
  engine.recorder?.install(app)
  app.decorateRequest('gatehouse', null as never)
  // A hook with `done`, not async: it never waits, and an async hook costs every request a
  // promise and a turn of the microtask queue. Once the reply is sent, Fastify runs no later
  // hook and no handler.
  app.addHook('onRequest', (request, reply, done) => {
    request.gatehouse = newExchangeTrace()
    if (!isAllowedHost(request.headers.host, allowed)) {
      reply
        .code(403)
        .type('text/plain; charset=utf-8')
        .send('Forbidden: this Host is not allowed (DNS rebinding protection)')
    }
    done()
  })
  // Client IP facts and fault rules, before any endpoint's own checks (src/core/policy).
  installPolicyHooks(app, engine)

  installErrorHandler(app)
  await app.register(formbody, { bodyLimit: 64 * 1024 })
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fieldSize: 64 * 1024, fields: 100, files: 0, parts: 100 },
  })

  await registerOAuth(app, engine)
  await registerRestApi(app, engine)
  await registerAdminApi(app, engine)
  await registerUi(app, options.uiDir)

  return {
    app,
    setPort(port: number) {
      allowed = allowedHostsFor(options.host, port, options.allowedHosts)
    },
  }
}

/** The workbench UI (the renderer build) at /_gatehouse/, with the page security headers. */
async function registerUi(app: FastifyInstance, uiDir: string | null): Promise<void> {
  app.get('/_gatehouse', (_request, reply) => reply.redirect('/_gatehouse/', 302))
  if (uiDir && existsSync(uiDir)) {
    await app.register(fastifyStatic, {
      root: uiDir,
      prefix: '/_gatehouse/',
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (res) => {
        for (const [name, value] of Object.entries(pageSecurityHeaders)) res.setHeader(name, value)
        res.setHeader('cache-control', 'no-cache')
      },
    })
    return
  }
  app.get('/_gatehouse/', (_request, reply) =>
    reply
      .headers(pageSecurityHeaders)
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><meta charset="utf-8"><title>Gatehouse</title>' +
          '<p>The workbench UI has not been built. Run <code>npm run build</code> and restart.</p>',
      ),
  )
}
