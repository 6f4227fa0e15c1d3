/** Errors raised while opening the database; each message tells the user what to do. */

export class StoreOpenError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The Gatehouse database at ${file} is damaged (${detail}). Move it aside or start with --reset.`,
      options,
    )
    this.name = 'StoreOpenError'
  }
}

export class MigrationChecksumError extends Error {
  constructor(
    readonly version: number,
    readonly migrationName: string,
  ) {
    super(`migration ${version} (${migrationName}) was edited after it was applied`)
    this.name = 'MigrationChecksumError'
  }
}

export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The database schema is at version ${databaseVersion}, but this Gatehouse only knows ` +
        `versions up to ${knownVersion}: it was written by a newer Gatehouse. Upgrade ` +
        `Gatehouse, or start with --reset to begin a new database.`,
    )
    this.name = 'SchemaTooNewError'
  }
}
