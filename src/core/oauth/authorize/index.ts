import type { FastifyInstance } from 'fastify'
import type { Gatehouse } from '../../gatehouse'
import { CONSENT_ACTION } from '../pages/consent-page'
import { LOGIN_ACTION } from '../pages/login-page'
import { registerPageAssets } from '../pages/send'
import { handleAuthorize } from './authorize'
import { handleConsent } from './consent'
import { handleContinue } from './continue'
import { CONTINUE_PATH, handleLogin } from './login'

export const AUTHORIZE_PATH = '/services/oauth2/authorize'

/**
 * The authorization endpoint and the pages behind it:
 *   GET  /services/oauth2/authorize            the request (login / consent / redirect)
 *   POST /services/oauth2/authorize            refused as Salesforce does (must use GET)
 *   POST /services/oauth2/authorize/login      the login form
 *   GET  /services/oauth2/authorize/continue   resumes the request after login
 *   POST /services/oauth2/authorize/consent    the consent form (Allow / Deny)
 *   GET  /services/oauth2/assets/login.css     the pages' stylesheet
 */
export async function registerAuthorize(app: FastifyInstance, engine: Gatehouse): Promise<void> {
  registerPageAssets(app)
  app.get(AUTHORIZE_PATH, (request, reply) => handleAuthorize(engine, request, reply))
  app.post(AUTHORIZE_PATH, (request, reply) => handleAuthorize(engine, request, reply))
  app.post(LOGIN_ACTION, (request, reply) => handleLogin(engine, request, reply))
  app.get(CONTINUE_PATH, (request, reply) => handleContinue(engine, request, reply))
  app.post(CONSENT_ACTION, (request, reply) => handleConsent(engine, request, reply))
}
