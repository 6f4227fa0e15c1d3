import { BoundedMap } from './bounded-map'

/**
 * Step explanations, stored once. About half of a recorded exchange is its steps (twenty
 * named checks, each with a sentence), and most of those sentences are the same request after
 * request: "app Bench Opaque is not blocked". The writer keeps each step that recurs, in
 * trace_step_texts, and the exchange refers to it as `#id;`; a step that does not recur (it
 * names a token, a count, a time) stays inline, as encodeSteps wrote it. Reading puts the
 * texts back (expandSteps), so what the Why tab shows is the same string as before.
 *
 * A step recurs when it is seen again at least RECUR_APART_MS after it was first seen. Seen
 * again at once is not enough: a text that names the virtual clock's millisecond ("after
 * virtual now …T02:30:28.024Z") is the same for every request of that millisecond under load,
 * and was kept — a thousand new texts a second, until the cap of MAX_STEP_TEXTS, all of them
 * held in memory by the writer and the readers from then on (measured: 12,896 kept texts after
 * 12 s of REST load, every one a timestamp).
 */

/** A step text the writer has just kept: written in the same transaction as its first use. */
export interface NewStepText {
  id: number
  text: string
}

/** The compact form of one exchange's steps, and the texts its batch must also write. */
export interface CompactedSteps {
  steps: string
  added: NewStepText[]
}

/** How many step texts are kept at most; past it, new ones stay inline. */
export const MAX_STEP_TEXTS = 50_000
/** How many steps seen once are remembered, waiting to be seen again. */
const SEEN_ONCE_LIMIT = 8_192
/** How long after its first sighting a step must be seen again to count as recurring. */
export const RECUR_APART_MS = 1_000

export interface StepTextOptions {
  /** A monotonic clock in ms (tests pass their own). */
  now?: () => number
}

/** The writer's half: turns encodeSteps output into its compact form. */
export class StepTextCompactor {
  private readonly ids = new Map<string, number>()
  /** Steps seen but not kept yet → when first seen. */
  private readonly seenOnce = new BoundedMap<string, number>(SEEN_ONCE_LIMIT)
  /** The text each step name had the last time it was kept. */
  private readonly lastByName = new Map<string, { text: string; id: number }>()
  private nextId: number
  private readonly now: () => number

  /** `known`: the texts already stored (id → text), read when the writer starts. */
  constructor(known: Iterable<NewStepText>, options: StepTextOptions = {}) {
    this.now = options.now ?? (() => performance.now())
    let max = 0
    for (const { id, text } of known) {
      this.ids.set(text, id)
      if (id > max) max = id
    }
    this.nextId = max + 1
  }

  /** `added` collects the texts kept now (several exchanges of a batch share one array). */
  compact(steps: string, added: NewStepText[]): string {
    let out = ''
    let at = 0
    while (at < steps.length) {
      const { end, textsAt, nameLength } = stepBounds(steps, at)
      const step = steps.slice(at, end)
      at = end
      // Most steps read as they did last time under the same name: comparing with that text
      // costs less than hashing it for the map.
      const name = steps.slice(textsAt, textsAt + nameLength)
      const last = this.lastByName.get(name)
      let id: number | undefined
      if (last !== undefined && last.text === step) {
        id = last.id
      } else {
        id = this.ids.get(step) ?? this.keep(step, added)
        if (id !== undefined) {
          if (this.lastByName.size >= LAST_BY_NAME_LIMIT) this.lastByName.clear()
          this.lastByName.set(detached(name), { text: detached(step), id })
        }
      }
      out += id === undefined ? step : `#${id};`
    }
    return out
  }

  /** Forgets texts a failed batch would have written (their ids are not reused). */
  forget(texts: readonly NewStepText[]): void {
    for (const { text } of texts) this.ids.delete(text)
    this.lastByName.clear()
  }

  private keep(step: string, added: NewStepText[]): number | undefined {
    // The first sighting only marks it: a text seen once may never recur.
    const now = this.now()
    const firstSeen = this.seenOnce.get(step)
    if (firstSeen === undefined) {
      this.seenOnce.set(detached(step), now)
      return undefined
    }
    if (now - firstSeen < RECUR_APART_MS) {
      // Keep its first sighting among the latest, so that a step seen on every request while
      // thousands of one-off texts pass by is not forgotten before it counts as recurring.
      this.seenOnce.renew(step, firstSeen, detached)
      return undefined
    }
    if (this.ids.size >= MAX_STEP_TEXTS) return undefined
    const id = this.nextId++
    this.ids.set(detached(step), id)
    this.seenOnce.delete(step)
    added.push({ id, text: step })
    return id
  }
}

/**
 * A copy of a string that does not keep the string it was cut from alive. A step is a slice of
 * the whole encoded exchange (V8 keeps a slice as a pointer into its parent), so a map holding
 * slices would hold thousands of whole exchanges: measured, the writer's heap grew by 85 MiB
 * under a REST load. Prepending a character makes V8 build a new flat string; the slice of it
 * keeps only that.
 */
function detached(text: string): string {
  return ` ${text}`.slice(1)
}

/** Step names are a fixed set in the code; the cap only guards against a runaway. */
const LAST_BY_NAME_LIMIT = 4_096

/**
 * Where the step that starts at `at` ends, where its texts start and how long its name is
 * (encodeSteps: `nameLength,detailLength,errorLength`, an outcome letter, then the texts).
 */
function stepBounds(
  steps: string,
  at: number,
): { end: number; textsAt: number; nameLength: number } {
  let total = 0
  let value = 0
  let nameLength = -1
  let index = at
  for (;;) {
    const code = steps.charCodeAt(index)
    if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48)
    } else if (code === 44) {
      if (nameLength < 0) nameLength = value
      total += value
      value = 0
    } else {
      break
    }
    index += 1
  }
  if (index >= steps.length || index === at || nameLength < 0) {
    throw new Error('the recorded steps are garbled')
  }
  // The outcome letter, then the texts.
  return { end: index + 1 + total + value, textsAt: index + 1, nameLength }
}

function stepEnd(steps: string, at: number): number {
  return stepBounds(steps, at).end
}

/** Puts the kept texts back: the steps exactly as encodeSteps wrote them. */
export function expandSteps(compact: string, textOf: (id: number) => string | undefined): string {
  if (!compact.includes('#')) return compact
  let out = ''
  let at = 0
  while (at < compact.length) {
    if (compact.charCodeAt(at) === 35 /* # */) {
      const close = compact.indexOf(';', at)
      const id = Number(compact.slice(at + 1, close))
      const text = close > at ? textOf(id) : undefined
      if (text === undefined) throw new Error(`the recorded step text #${id} is missing`)
      out += text
      at = close + 1
    } else {
      const end = stepEnd(compact, at)
      out += compact.slice(at, end)
      at = end
    }
  }
  return out
}
