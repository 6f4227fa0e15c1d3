// The two modes. Quick fits a laptop run in under two minutes; full runs longer windows and
// rounds (medians) for figures worth comparing across commits. Each scenario's window is cut
// into slices, interleaved with the other scenarios' slices. Every load run is bounded in
// time and connections; every server binds 127.0.0.1.
export const MODES = {
  quick: {
    // 4 slices of 1 s: 4 s measured per scenario.
    slices: 4,
    sliceS: 1,
    warmupS: 1,
    // How long a run may wait for the machine to calm down before it starts anyway.
    settleMaxMs: 1000,
    connections: 10,
    rounds: 1,
    startupReps: 3,
    joseSeconds: 2,
    seedExchanges: 100_000,
    seedConnections: 10,
  },
  full: {
    // 5 slices of 3 s in each of 3 rounds: 45 s measured per scenario.
    slices: 5,
    sliceS: 3,
    warmupS: 3,
    settleMaxMs: 5000,
    connections: 10,
    rounds: 3,
    startupReps: 7,
    joseSeconds: 5,
    seedExchanges: 100_000,
    seedConnections: 10,
  },
}

/** Seconds measured per scenario and round (also the length of a profiled run). */
export const durationOf = (settings) => settings.slices * settings.sliceS
