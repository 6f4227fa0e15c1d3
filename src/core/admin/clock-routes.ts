import type { ClockResponse } from '../../shared/admin-api'
import type { Gatehouse } from '../gatehouse'
import { parseDuration } from '../policy/clock'
import { clockAdvanceBody, clockSetBody } from './input-schemas'
import { clockSchema } from './output-schemas'
import { route, type AdminRoute } from './route'

function clockView(engine: Gatehouse): ClockResponse {
  const state = engine.clock.state()
  return {
    now: new Date(state.now).toISOString(),
    nowMs: state.now,
    offsetSeconds: Math.round(state.offsetMs / 1000),
    frozen: state.frozen,
  }
}

const answer = { status: 200, description: 'The clock now.', schema: clockSchema }

/** The virtual clock: everything that expires or counts reads it. */
export function clockRoutes(engine: Gatehouse): AdminRoute[] {
  const { clock } = engine
  return [
    route({
      method: 'GET',
      path: '/clock',
      operationId: 'getClock',
      tag: 'Clock',
      summary: 'The virtual time',
      response: answer,
      handler: () => clockView(engine),
    }),
    route({
      method: 'PUT',
      path: '/clock',
      operationId: 'setClock',
      tag: 'Clock',
      summary: 'Jump to a time, optionally freezing or running the clock from there',
      body: clockSetBody,
      response: answer,
      handler: ({ body }) => {
        const target = typeof body.now === 'number' ? body.now : Date.parse(body.now)
        // advance works frozen or running, so one jump serves both.
        clock.advance(target - clock.now())
        if (body.frozen === true) clock.freeze()
        if (body.frozen === false) clock.unfreeze()
        return clockView(engine)
      },
    }),
    route({
      method: 'POST',
      path: '/clock/advance',
      operationId: 'advanceClock',
      tag: 'Clock',
      summary: 'Move the clock ahead (or back) by a duration such as "+2h"',
      body: clockAdvanceBody,
      response: answer,
      handler: ({ body }) => {
        clock.advance(typeof body.by === 'number' ? body.by : parseDuration(body.by)!)
        return clockView(engine)
      },
    }),
    route({
      method: 'POST',
      path: '/clock/freeze',
      operationId: 'freezeClock',
      tag: 'Clock',
      summary: 'Stop the clock where it is',
      response: answer,
      handler: () => {
        clock.freeze()
        return clockView(engine)
      },
    }),
    route({
      method: 'POST',
      path: '/clock/unfreeze',
      operationId: 'unfreezeClock',
      tag: 'Clock',
      summary: 'Let the clock run again from where it stopped',
      response: answer,
      handler: () => {
        clock.unfreeze()
        return clockView(engine)
      },
    }),
    route({
      method: 'POST',
      path: '/clock/reset',
      operationId: 'resetClock',
      tag: 'Clock',
      summary: 'Back to real time, running',
      response: answer,
      handler: () => {
        clock.reset()
        return clockView(engine)
      },
    }),
  ]
}
