// Kept in step with package.json by a unit test (reading package.json at run time would
// break in the bundled CLI and the packaged app).
export const GATEHOUSE_VERSION = '0.1.0'
