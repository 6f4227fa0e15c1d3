import type { Database, Statement } from 'better-sqlite3'

/** Rows of the device flow's tables (see migrations/006-device-and-jwt.ts). */
export type DeviceCodeStatus = 'pending' | 'approved' | 'denied' | 'redeemed'

/** Which request created the code: Salesforce's token-endpoint shape or RFC 8628's endpoint. */
export type DeviceRequestShape = 'salesforce' | 'rfc8628'

export interface DeviceCodeRow {
  device_code_hash: string
  user_code_hash: string
  app_key: string
  scopes: string
  shape: DeviceRequestShape
  created_at: number
  expires_at: number
  interval_seconds: number
  last_polled_at: number | null
  status: DeviceCodeStatus
  user_id: string | null
  decided_at: number | null
  redeemed_at: number | null
}

export interface ConnectRequestRow {
  id: string
  csrf: string
  /** The user code the page was opened with (?user_code=…), shown again after the login. */
  user_code: string | null
  user_id: string | null
  logged_in_at: number | null
  created_at: number
  expires_at: number
}

export interface CodeAttemptsRow {
  session_hash: string
  failures: number
  first_failed_at: number
  locked_until: number | null
}

/** How long a device code's row outlives its expiry, so a late poll still reads expired_token. */
const EXPIRED_ROW_RETENTION_MS = 24 * 60 * 60 * 1000

/**
 * Statements for the device flow: device codes (issued, decided on the verification page,
 * polled, redeemed once), the verification page's pending logins, and the wrong-user-code
 * counter per browser session. Every transition of a code is one guarded UPDATE, so two
 * requests racing for the same code get exactly one winner.
 */
export class DeviceStore {
  private readonly s: Record<string, Statement>

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      prune: p('DELETE FROM device_codes WHERE expires_at < ?'),
      insert: p(
        'INSERT OR IGNORE INTO device_codes (device_code_hash, user_code_hash, app_key, scopes, shape, created_at, expires_at, interval_seconds) VALUES (@device_code_hash, @user_code_hash, @app_key, @scopes, @shape, @created_at, @expires_at, @interval_seconds)',
      ),
      byDeviceCode: p('SELECT * FROM device_codes WHERE device_code_hash = ?'),
      byUserCode: p('SELECT * FROM device_codes WHERE user_code_hash = ?'),
      decide: p(
        "UPDATE device_codes SET status = ?, user_id = ?, decided_at = ? WHERE user_code_hash = ? AND status = 'pending' AND expires_at > ?",
      ),
      recordPoll: p('UPDATE device_codes SET last_polled_at = ? WHERE device_code_hash = ?'),
      slowDown: p(
        'UPDATE device_codes SET interval_seconds = interval_seconds + ? WHERE device_code_hash = ?',
      ),
      redeem: p(
        "UPDATE device_codes SET status = 'redeemed', redeemed_at = ? WHERE device_code_hash = ? AND status = 'approved'",
      ),
      pruneConnect: p('DELETE FROM device_connect_requests WHERE expires_at < ?'),
      insertConnect: p(
        'INSERT INTO device_connect_requests (id, csrf, user_code, created_at, expires_at) VALUES (@id, @csrf, @user_code, @created_at, @expires_at)',
      ),
      findConnect: p('SELECT * FROM device_connect_requests WHERE id = ?'),
      markConnectLoggedIn: p(
        'UPDATE device_connect_requests SET user_id = ?, logged_in_at = ? WHERE id = ?',
      ),
      findAttempts: p('SELECT * FROM device_code_attempts WHERE session_hash = ?'),
      upsertAttempts: p(
        'INSERT INTO device_code_attempts (session_hash, failures, first_failed_at, locked_until) VALUES (@session_hash, @failures, @first_failed_at, @locked_until) ON CONFLICT (session_hash) DO UPDATE SET failures = excluded.failures, first_failed_at = excluded.first_failed_at, locked_until = excluded.locked_until',
      ),
      clearAttempts: p('DELETE FROM device_code_attempts WHERE session_hash = ?'),
    }
  }

  // Device codes
  /**
   * Stores a new code; false when its user code collides with a live one (the caller draws
   * another). Rows long past their expiry are pruned first.
   */
  insertDeviceCode(
    row: Omit<
      DeviceCodeRow,
      'last_polled_at' | 'status' | 'user_id' | 'decided_at' | 'redeemed_at'
    >,
  ): boolean {
    return this.db
      .transaction(() => {
        this.s.prune!.run(row.created_at - EXPIRED_ROW_RETENTION_MS)
        return this.s.insert!.run(row).changes === 1
      })
      .immediate()
  }

  findByDeviceCode(deviceCodeHash: string): DeviceCodeRow | undefined {
    return this.s.byDeviceCode!.get(deviceCodeHash) as DeviceCodeRow | undefined
  }

  findByUserCode(userCodeHash: string): DeviceCodeRow | undefined {
    return this.s.byUserCode!.get(userCodeHash) as DeviceCodeRow | undefined
  }

  /** Approve or deny on the verification page: once, while pending and unexpired. */
  decide(
    userCodeHash: string,
    decision: 'approved' | 'denied',
    userId: string,
    now: number,
  ): boolean {
    return this.s.decide!.run(decision, userId, now, userCodeHash, now).changes === 1
  }

  recordPoll(deviceCodeHash: string, now: number): void {
    this.s.recordPoll!.run(now, deviceCodeHash)
  }

  /** RFC 8628 §3.5: after slow_down the interval grows for this and every later poll. */
  slowDown(deviceCodeHash: string, bySeconds: number): void {
    this.s.slowDown!.run(bySeconds, deviceCodeHash)
  }

  /** Consume-once: true for exactly one poll of an approved code. */
  redeem(deviceCodeHash: string, now: number): boolean {
    return this.s.redeem!.run(now, deviceCodeHash).changes === 1
  }

  // The verification page's pending logins
  insertConnectRequest(row: Omit<ConnectRequestRow, 'user_id' | 'logged_in_at'>): void {
    this.s.pruneConnect!.run(row.created_at)
    this.s.insertConnect!.run(row)
  }

  findConnectRequest(id: string): ConnectRequestRow | undefined {
    return this.s.findConnect!.get(id) as ConnectRequestRow | undefined
  }

  markConnectLoggedIn(id: string, userId: string, now: number): void {
    this.s.markConnectLoggedIn!.run(userId, now, id)
  }

  // Wrong user codes per browser session
  attempts(sessionHash: string): CodeAttemptsRow | undefined {
    return this.s.findAttempts!.get(sessionHash) as CodeAttemptsRow | undefined
  }

  /**
   * Read-modify-write of a session's counter in one immediate transaction, so two wrong
   * codes submitted at once are both counted.
   */
  updateAttempts(
    sessionHash: string,
    next: (current: CodeAttemptsRow | undefined) => CodeAttemptsRow,
  ): CodeAttemptsRow {
    return this.db
      .transaction(() => {
        const row = next(this.attempts(sessionHash))
        this.s.upsertAttempts!.run(row)
        return row
      })
      .immediate()
  }

  clearAttempts(sessionHash: string): void {
    this.s.clearAttempts!.run(sessionHash)
  }
}
