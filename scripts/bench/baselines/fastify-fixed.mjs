// Baseline: the HTTP ceiling. A bare Fastify route answering a fixed ~700-byte JSON object
// (serialized per request, as a real route would), on 127.0.0.1.
import Fastify from 'fastify'
import { announce, stopOnSignal } from './announce.mjs'

const body = {
  totalSize: 3,
  done: true,
  records: [0, 1, 2].map((i) => ({
    attributes: {
      type: 'Account',
      url: `/services/data/v66.0/sobjects/Account/001000000000000AA${i}`,
    },
    Id: `001000000000000AA${i}`,
    Name: `Fixed Account ${i}`,
    Industry: 'Energy',
    BillingCity: 'Paris',
    AnnualRevenue: 1_000_000 + i,
  })),
}

const app = Fastify({ logger: false })
app.get('/fixed', async () => body)
await app.listen({ host: '127.0.0.1', port: 0 })
announce(app.server)
stopOnSignal(() => app.close())
