import { z } from 'zod'
import type { ImportReport, SfdxExportResponse } from '../../shared/sfdx-api'

/** The SFDX routes' answers as zod schemas, for the OpenAPI document. */

const fileReport = z.object({
  path: z.string(),
  type: z.string().describe('The file suffix: connectedApp, eca, ecaOauth, ecaGlblOauth …'),
  app: z.string().nullable(),
  outcome: z.enum(['mapped', 'passedThrough', 'skipped']),
  mapped: z.array(z.string()).describe('Workspace fields the file set.'),
  kept: z.array(z.string()).describe('Elements Gatehouse does not model, kept and written back.'),
  notEmulated: z.array(z.string()).describe('Values read that the emulator does not act on.'),
  notes: z.array(z.string()),
})

const appReport = z.object({
  name: z.string(),
  kind: z.enum(['connectedApp', 'externalClientApp']),
  apiName: z.string(),
  consumerKey: z.string(),
  action: z.enum(['created', 'updated', 'unchanged']),
  matchedBy: z.enum(['consumerKey', 'name']).nullable(),
  secretGenerated: z.boolean(),
  keyGenerated: z.boolean(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  files: z.array(z.string()),
})

export const sfdxImportReportSchema = z.object({
  applied: z.boolean(),
  files: z.array(fileReport),
  apps: z.array(appReport),
  missingProfiles: z.array(z.string()),
  missingPermissionSets: z.array(z.string()),
  createMissing: z.boolean(),
  missingUsers: z.array(z.string()),
  ignoredFiles: z.number().int(),
})

export const sfdxExportResponseSchema = z.object({
  files: z.record(z.string(), z.string()),
  notes: z.array(z.object({ app: z.string(), message: z.string() })),
})

// Compile-time checks that the schemas and the shared types agree.
type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const reportAgrees: Agrees<z.output<typeof sfdxImportReportSchema>, ImportReport> = true
const exportAgrees: Agrees<z.output<typeof sfdxExportResponseSchema>, SfdxExportResponse> = true
void reportAgrees
void exportAgrees
