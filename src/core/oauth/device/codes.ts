import { randomInt } from 'node:crypto'
import { randomToken, sha256Hex } from '../../tokens/random'

/**
 * The device flow's codes (RFC 8628 §6.1, security case 38). The user code is what a person
 * reads off the device and types: 8 letters from 20 consonants that cannot be mistaken for
 * one another or spell words (≈34.5 bits), accepted in any case, with or without the dash.
 * The device code is what the device polls with: 256 random bits. Both are stored as SHA-256
 * digests only.
 */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ'
export const USER_CODE_LENGTH = 8

/** How long a device authorization lives (RFC shape's expires_in). */
export const DEVICE_CODE_LIFETIME_MS = 10 * 60 * 1000

/** Salesforce's polling interval, in seconds. */
export const POLL_INTERVAL_SECONDS = 5

/** RFC 8628 §3.5: each slow_down adds 5 seconds to the interval. */
export const SLOW_DOWN_STEP_SECONDS = 5

export function newUserCode(): string {
  let code = ''
  for (let i = 0; i < USER_CODE_LENGTH; i++) {
    code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]
  }
  return code
}

export function newDeviceCode(): string {
  return randomToken(32)
}

/** `BCDF-GHJK`: the dash only helps people read it. */
export function displayUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/**
 * What a person typed, as the stored form: upper case, without dashes or spaces. Anything
 * that cannot be a user code (wrong length or letters) is undefined, so it is never looked up.
 */
export function normalizeUserCode(input: string | undefined): string | undefined {
  if (input === undefined) return undefined
  const code = input.replace(/[\s-]+/g, '').toUpperCase()
  if (code.length !== USER_CODE_LENGTH) return undefined
  for (const c of code) if (!USER_CODE_ALPHABET.includes(c)) return undefined
  return code
}

export function userCodeHash(normalized: string): string {
  return sha256Hex(`user_code:${normalized}`)
}

export function deviceCodeHash(deviceCode: string): string {
  return sha256Hex(deviceCode)
}
