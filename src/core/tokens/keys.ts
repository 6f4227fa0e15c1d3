import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { OAuthStore } from '../store/oauth-store'
import type { Clock } from '../policy/clock'

export interface PublicJwk {
  kty: string
  n: string
  e: string
  alg: string
  use: string
  kid: string
}

export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
  /** When the key was made (virtual clock, ms): JWT access tokens name their key by it. */
  createdAt: number
}

/** A published key with the time it was made. */
export interface PublishedKey {
  jwk: PublicJwk
  createdAt: number
}

/** Salesforce's key ids are short numeric strings ("188", "190"); new keys count up. */
const FIRST_KID = 188

/**
 * The org's RS256 signing keys: generated on first use, kept in SQLite, published at
 * /id/keys. Rotation makes a new key the signer; old keys stay published so tokens they
 * signed still verify.
 */
export class KeyService {
  private cachedActive: SigningKey | null = null
  private cachedPublished: readonly PublishedKey[] | null = null

  constructor(
    private readonly store: OAuthStore,
    private readonly clock: Clock,
  ) {}

  /** The key that signs new tokens (created on first call). */
  active(): SigningKey {
    if (this.cachedActive) return this.cachedActive
    const row = this.store.activeKey() ?? this.generate()
    const privateKey = createPrivateKey(row.private_pem)
    this.cachedActive = {
      kid: row.kid,
      privateKey,
      publicKey: createPublicKey(privateKey),
      createdAt: row.created_at,
    }
    return this.cachedActive
  }

  /** Every published key, oldest first, with no private members. */
  jwks(): { keys: PublicJwk[] } {
    this.active()
    return { keys: this.store.listKeys().map((row) => JSON.parse(row.public_jwk) as PublicJwk) }
  }

  /** Every published key (public members only) with when it was made, oldest first. */
  published(): readonly PublishedKey[] {
    this.active()
    // Read once per change: keys only change through this service (generate, rotate), and
    // every JWT access token issued or verified asks for the list.
    this.cachedPublished ??= this.store.listKeys().map((row) => ({
      jwk: JSON.parse(row.public_jwk) as PublicJwk,
      createdAt: row.created_at,
    }))
    return this.cachedPublished
  }

  /** The public key for a kid, if it is one of ours. */
  publicKey(kid: string): KeyObject | undefined {
    const row = this.store.listKeys().find((k) => k.kid === kid)
    return row ? createPublicKey(createPrivateKey(row.private_pem)) : undefined
  }

  rotate(): string {
    const row = this.generate()
    this.cachedActive = null
    return row.kid
  }

  private generate() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const existing = this.store
      .listKeys()
      .map((k) => Number(k.kid))
      .filter(Number.isFinite)
    const kid = String(existing.length ? Math.max(...existing) + 1 : FIRST_KID)
    const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string }
    const publicJwk: PublicJwk = { kty: jwk.kty, n: jwk.n, e: jwk.e, alg: 'RS256', use: 'sig', kid }
    const row = {
      kid,
      alg: 'RS256',
      public_jwk: JSON.stringify(publicJwk),
      private_pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      created_at: this.clock.now(),
    }
    this.store.addActiveKey(row)
    this.cachedPublished = null
    return { ...row, active: 1 }
  }
}
