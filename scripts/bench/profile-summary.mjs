// `node scripts/bench/profile-summary.mjs bench/results/<file>.cpuprofile [top]`: where a
// profiled Gatehouse spent its time (whole process), mapped back to src/.
import { readFileSync } from 'node:fs'
import { formatSummary, summarizeProfile } from './cpuprofile.mjs'

const [file, top = '20'] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: node scripts/bench/profile-summary.mjs <file.cpuprofile> [top]\n')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8'))
process.stdout.write(formatSummary(summarizeProfile(profile, { top: Number(top) })) + '\n')
