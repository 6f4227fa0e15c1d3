/**
 * One step of the database schema. Migrations are applied in version order, each in its own
 * transaction, and never edited once released: a checksum of `sql` is recorded when it runs,
 * and a database whose recorded checksum differs refuses to open. Change the schema by adding
 * the next numbered file.
 */
export interface Migration {
  version: number
  name: string
  sql: string
}
