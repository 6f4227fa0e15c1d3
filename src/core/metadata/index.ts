/** Connected Apps and External Client Apps as Metadata API source files (SFDX projects). */
export { MetadataError } from './errors'
export { formatImportReport } from './format-report'
export { importMetadata, type ImportOptions } from './merge'
export { exportMetadata, type ExportOptions, type ExportResult } from './write'
export { projectLayout, readProjectFolder, writeProjectFolder } from './project-folder'
export type {
  AppReport,
  FieldChange,
  FileReport,
  ImportReport,
  ImportResult,
  MetadataFiles,
} from './types'
