import { randomBytes as cryptoRandomBytes } from 'node:crypto'
import { newSalesforceId, randomChars, type RandomBytes } from '../salesforce/ids'
import type { ParsedWorkspace, Workspace } from './types'

// Real consumer keys are '3MVG9' followed by about 80 characters drawn from these 64.
const CONSUMER_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._'
const CONSUMER_KEY_PREFIX = '3MVG9'
const CONSUMER_KEY_LENGTH = 85

export function newConsumerKey(randomBytes: RandomBytes = cryptoRandomBytes): string {
  const body = randomChars(
    CONSUMER_KEY_ALPHABET,
    CONSUMER_KEY_LENGTH - CONSUMER_KEY_PREFIX.length,
    randomBytes,
  )
  return CONSUMER_KEY_PREFIX + body
}

/** 64 upper-case hex characters (256 bits), the shape of a current Salesforce secret. */
export function newConsumerSecret(randomBytes: RandomBytes = cryptoRandomBytes): string {
  return Buffer.from(randomBytes(32)).toString('hex').toUpperCase()
}

/**
 * Fills in the values a workspace may leave out and Gatehouse must invent: the org id, user
 * ids, consumer keys and secrets. Values already present are kept, so completing a complete
 * workspace changes nothing. Generated fields are placed where the documented format puts
 * them, so an exported file reads in the usual order.
 */
export function completeWorkspace(
  parsed: ParsedWorkspace,
  randomBytes: RandomBytes = cryptoRandomBytes,
): Workspace {
  const { id: orgId, ...org } = parsed.org
  return {
    ...parsed,
    org: { id: orgId ?? newSalesforceId('00D', randomBytes), ...org },
    users: parsed.users.map(({ id, ...user }) => ({
      id: id ?? newSalesforceId('005', randomBytes),
      ...user,
    })),
    apps: parsed.apps.map(({ kind, name, consumerKey, consumerSecret, ...app }) => ({
      kind,
      name,
      consumerKey: consumerKey ?? newConsumerKey(randomBytes),
      consumerSecret: consumerSecret ?? newConsumerSecret(randomBytes),
      ...app,
    })),
  }
}
