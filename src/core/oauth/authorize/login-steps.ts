import { sfErrors } from '../../salesforce/oauth-errors'
import { constantTimeEqual } from '../../tokens/random'
import { param } from '../params'
import { step } from '../steps'
import { established } from './context'
import type { FormContext } from './form-steps'

/**
 * The login form's checks. Every failure shows the same message on the page (Salesforce
 * never says whether the username or the password was wrong); the trace keeps the real reason.
 */
export const loginCredentials = step<FormContext>('login.credentials', (ctx) => {
  const username = param(ctx.form, 'username')?.trim()
  const password = ctx.form.get('password') ?? ''
  if (!username) throw sfErrors.authenticationFailure().because('no username was entered')
  const user = ctx.engine.store.workspace.findUserByUsername(username)
  // Compare against something even for an unknown user, so timing does not tell them apart.
  const matches = constantTimeEqual(password, user?.password ?? '\u0000no-password')
  if (!user) throw sfErrors.authenticationFailure().because(`no user has username ${username}`)
  ctx.trace.userId = user.id
  ctx.trace.username = user.username
  if (user.password === undefined) {
    throw sfErrors
      .authenticationFailure()
      .because(`user ${user.username} has no password in the workspace, so cannot log in with one`)
  }
  if (!matches) {
    throw sfErrors.authenticationFailure().because(`wrong password for ${user.username}`)
  }
  ctx.user = user
  return `username and password of ${user.username} match`
})

export const loginUserActive = step<FormContext>('user.active', (ctx) => {
  const user = established(ctx.user, 'the user')
  if (!user.active) {
    throw sfErrors
      .inactiveUser()
      .because(`user ${user.username} is inactive; the page shows the generic login failure`)
  }
  return `user ${user.username} is active`
})
