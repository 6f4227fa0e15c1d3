/**
 * Entry point of the recorder's writer thread (bundled on its own: out/cli/trace-writer.js,
 * out/main/trace-writer.js). It owns the trace database's only writing connection, and reads
 * the main database (read-only) to trace tokens back to their grants.
 */
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { nameThisThread, THREAD_NAMES } from '../thread-name'
import { GrantLookup } from '../store/grant-lookup'
import { openTraceDatabase } from '../store/trace-database'
import type { ThreadReply, ThreadRequest, WriterThreadData } from './writer-protocol'
import { currentThreadId } from './thread-policy'
import { TraceWriter } from './writer'

const port = parentPort
if (!port) throw new Error('trace-writer runs as a worker thread')
const data = workerData as WriterThreadData
nameThisThread(THREAD_NAMES.traceWriter)

const traceDb = openTraceDatabase(data.traceFile)
const mainDb = new Database(data.mainFile, { readonly: true, fileMustExist: true, timeout: 5000 })
const grants = new GrantLookup(mainDb)
const writer = new TraceWriter(
  {
    db: traceDb,
    grantOfToken: (hash) => grants.grantOfToken(hash),
    onWarning: (message) => reply({ type: 'warning', message }),
  },
  data.limits,
  data.totals,
)

function reply(message: ThreadReply): void {
  port!.postMessage(message)
}

port.on('message', (request: ThreadRequest) => {
  try {
    switch (request.type) {
      case 'write':
        reply({
          type: 'written',
          seq: request.seq,
          result: writer.write(request.batch, request.announce, request.setAside),
        })
        break
      case 'clear':
        reply({ type: 'cleared', seq: request.seq, totals: writer.clear() })
        break
      case 'close':
        writer.stop()
        traceDb.close()
        mainDb.close()
        reply({ type: 'closed', seq: request.seq })
        port!.close()
        break
    }
  } catch (error) {
    reply({ type: 'failed', seq: request.seq, message: (error as Error).message })
  }
})
reply({ type: 'ready', threadId: currentThreadId() })
