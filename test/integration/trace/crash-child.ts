/**
 * The engine under load for the kill -9 test, run as its own process. It prints `READY <url>`
 * once listening, then `C <id>` for every exchange the recorder reports as committed.
 */
import { createGatehouse } from '../../../src/core'
import { testWorkspace } from '../../support/workspace'

const [dataDir, traceWriterScript] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: crash-child <data dir> [trace writer script]')
const engine = await createGatehouse({
  dataDir,
  workspace: testWorkspace(),
  uiDir: null,
  traceWriterScript,
  backgroundCheckpoints: true,
})
engine.recorder!.events.subscribe((event) => {
  if (event.type === 'exchange') process.stdout.write(`C ${event.exchange.id}\n`)
})
const { baseUrl } = await engine.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`READY ${baseUrl}\n`)
