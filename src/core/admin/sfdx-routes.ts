import type { Gatehouse } from '../gatehouse'
import { exportMetadata, importMetadata, MetadataError, type ImportReport } from '../metadata'
import type { Workspace } from '../workspace'
import { AdminError } from './errors'
import { sfdxExportQuery, sfdxImportBody, sfdxImportQuery } from './input-schemas'
import { sfdxExportResponseSchema, sfdxImportReportSchema } from './sfdx-schemas'
import { route, type AdminRoute } from './route'

/** Projects hold many files; the same room as a whole workspace. */
const PROJECT_BODY_LIMIT = 16 * 1024 * 1024

/** A metadata file that cannot be read, named in the answer as the body's `files[path]`. */
function invalidMetadata(error: MetadataError): AdminError {
  const where = [
    error.line !== null ? `line ${error.line}` : null,
    error.element ? `<${error.element}>` : null,
  ]
    .filter(Boolean)
    .join(', ')
  return new AdminError(400, 'invalid_metadata', error.message, [
    {
      in: 'body',
      path: `files[${JSON.stringify(error.file)}]`,
      message: where ? `${where}: ${error.detail}` : error.detail,
    },
  ])
}

export function sfdxRoutes(engine: Gatehouse): AdminRoute[] {
  return [
    route({
      method: 'POST',
      path: '/workspace/sfdx',
      operationId: 'importSfdxProject',
      tag: 'Workspace',
      summary: 'Read an SFDX project’s Connected App and External Client App metadata',
      description:
        'Answers the import report as a preview: the apps created or updated (matched by consumer key, else name) with each field that changes, and per file what was mapped, kept as is and cannot be emulated. With apply=true the workspace is replaced by the result. A malformed file or an unknown enum value answers 400 invalid_metadata naming the file, line and element; nothing changes.',
      query: sfdxImportQuery,
      body: sfdxImportBody,
      bodyLimit: PROJECT_BODY_LIMIT,
      response: { status: 200, description: 'The import report.', schema: sfdxImportReportSchema },
      handler: ({ query, body }): ImportReport => {
        const current = engine.exportWorkspace() as Workspace
        let result
        try {
          result = importMetadata(current, body.files, {
            createMissing: query.createMissing ?? true,
          })
        } catch (error) {
          if (error instanceof MetadataError) throw invalidMetadata(error)
          throw error
        }
        if (query.apply) {
          engine.importWorkspace(result.workspace)
          result.report.applied = true
        }
        return result.report
      },
    }),
    route({
      method: 'GET',
      path: '/workspace/sfdx',
      operationId: 'exportSfdxProject',
      tag: 'Workspace',
      summary: 'The workspace’s apps as Metadata API source files',
      description:
        'Files by path in the project layout (force-app/main/default/…, or where an imported file came from), with the elements kept from the import written back. Without withSecrets, External Client Apps’ global OAuth settings and connected app secrets are left out.',
      query: sfdxExportQuery,
      response: {
        status: 200,
        description: 'The files and notes.',
        schema: sfdxExportResponseSchema,
      },
      handler: ({ query }) =>
        exportMetadata(engine.exportWorkspace() as Workspace, {
          withSecrets: query.withSecrets ?? false,
        }),
    }),
  ]
}
