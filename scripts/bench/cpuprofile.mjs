// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self and inclusive
// time per function and self time per source file, with the CLI bundle's positions mapped
// back to src/ through its source map. A time window (CLOCK_MONOTONIC µs, which V8's sample
// timestamps use on Linux) keeps only the load run, not the start-up before it.
import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)'])

function sourceMapper() {
  const maps = new Map()
  const mapFor = (url) => {
    if (!maps.has(url)) {
      let map = null
      try {
        const file = fileURLToPath(url)
        if (existsSync(file + '.map'))
          map = new SourceMap(JSON.parse(readFileSync(file + '.map', 'utf8')))
      } catch {
        map = null
      }
      maps.set(url, map)
    }
    return maps.get(url)
  }
  return (frame) => {
    const url = frame.url
    if (!url)
      return { file: frame.functionName.startsWith('(') ? frame.functionName : '(native)', line: 0 }
    if (url.startsWith('file://')) {
      const map = mapFor(url)
      const entry = map?.findEntry(frame.lineNumber, frame.columnNumber)
      if (entry?.originalSource) {
        const file = entry.originalSource.replace(/^.*?\/(src|node_modules)\//, '$1/')
        return { file, line: entry.originalLine + 1 }
      }
      return {
        file: url.replace(/^file:\/\/.*?\/(node_modules|scripts|out)\//, '$1/'),
        line: frame.lineNumber + 1,
      }
    }
    return { file: url, line: frame.lineNumber + 1 }
  }
}

/** Groups a file into what a reader recognises: a src/ folder, a package, node internals. */
function area(file) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
  if (pkg) return pkg[1]
  if (file.startsWith('src/')) return file.split('/').slice(0, 3).join('/')
  if (file.startsWith('node:')) return 'node internals'
  return file
}

export function summarizeProfile(profile, { fromUs, toUs, top = 15 } = {}) {
  const map = sourceMapper()
  const parent = new Map()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  const keyOf = new Map()
  for (const n of profile.nodes) {
    const where = map(n.callFrame)
    const name = n.callFrame.functionName || '(anonymous)'
    keyOf.set(n.id, {
      key: `${name} ${where.file}:${where.line}`,
      name,
      file: where.file,
      special: SPECIAL.has(name),
    })
  }

  const self = new Map()
  const inclusive = new Map()
  const byArea = new Map()
  let total = 0
  let busy = 0
  let t = profile.startTime
  let windowed = fromUs !== undefined
  const inWindow = (ts) => !windowed || (ts >= fromUs && ts <= toUs)
  let matched = 0
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]
    if (inWindow(t)) matched++
  }
  // A profile whose clock does not match the bench's: keep everything rather than nothing.
  if (windowed && matched === 0) windowed = false

  t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? 0
    t += profile.timeDeltas[i]
    if (!inWindow(t)) continue
    const id = profile.samples[i]
    const info = keyOf.get(id)
    total += delta
    if (info.name === '(idle)') continue
    busy += delta
    self.set(info.key, (self.get(info.key) ?? 0) + delta)
    const a = info.special ? info.name : area(info.file)
    byArea.set(a, (byArea.get(a) ?? 0) + delta)
    const seen = new Set()
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const k = keyOf.get(n)
      if (k.special || seen.has(k.key)) continue
      seen.add(k.key)
      inclusive.set(k.key, (inclusive.get(k.key) ?? 0) + delta)
    }
  }
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([what, us]) => ({ what, share: busy ? us / busy : 0, ms: us / 1000 }))
  return {
    windowed,
    sampledMs: total / 1000,
    busyShare: total ? busy / total : 0,
    selfByFunction: rank(self),
    inclusiveByFunction: rank(inclusive),
    selfByArea: rank(byArea),
  }
}

export function formatSummary(summary) {
  const lines = []
  const pct = (s) => `${(s * 100).toFixed(1).padStart(5)} %`
  lines.push(
    `  sampled ${summary.sampledMs.toFixed(0)} ms, busy ${pct(summary.busyShare).trim()}` +
      (summary.windowed ? ' (load window only)' : ' (whole process)'),
  )
  lines.push('  self time by area (share of busy time):')
  for (const r of summary.selfByArea) lines.push(`   ${pct(r.share)}  ${r.what}`)
  lines.push('  self time by function:')
  for (const r of summary.selfByFunction) lines.push(`   ${pct(r.share)}  ${r.what}`)
  lines.push('  inclusive time by function:')
  for (const r of summary.inclusiveByFunction) lines.push(`   ${pct(r.share)}  ${r.what}`)
  return lines.join('\n')
}
