// The load runs: each scenario warmed up once, then in every round `slices` short slices per
// scenario, the scenarios taking turns in a rotating order, so that whatever else the machine
// does lands on all of them alike. A round's slices make that round's figures.
import { combineSlices, measureLoad } from './load.mjs'
import { settle } from './proc.mjs'

const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length])

/** Fills `entry.runs[round]` for every entry; `onRun(entry, round, run)` hears of each. */
export async function runInterleaved(entries, { servers, settings, onRun }) {
  const load = (entry, durationS) =>
    measureLoad({
      server: servers[entry.scenario.server],
      request: entry.prepared.request,
      durationS,
      warmupS: 0,
      connections: entry.scenario.connections ?? settings.connections,
      settleMaxMs: 0,
    })
  for (const entry of entries) await load(entry, settings.warmupS)
  for (let round = 0; round < settings.rounds; round++) {
    await settle({ maxMs: settings.settleMaxMs })
    const slices = new Map(entries.map((entry) => [entry, []]))
    for (let slice = 0; slice < settings.slices; slice++) {
      for (const entry of rotate(entries, slice + round)) {
        slices.get(entry).push(await load(entry, settings.sliceS))
      }
    }
    for (const entry of entries) {
      entry.runs[round] = combineSlices(slices.get(entry))
      onRun(entry, round, entry.runs[round])
    }
  }
}
