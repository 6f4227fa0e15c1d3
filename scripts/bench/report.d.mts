// Types for the parts of report.mjs the unit tests use.
export interface CpuBreakdown {
  request: number
  recorder: number
  gatehouse: number
  pool: number
  generator: number
  afterWindow: number
}

export interface ResultsWithCpu {
  scenarios: Record<
    string,
    { title: string; status: string; median: { cpuUsPerRequest: CpuBreakdown | null } }
  >
}

/** The "CPU µs per request" table ('' when no scenario has per-thread figures). */
export function cpuTable(results: ResultsWithCpu): string
