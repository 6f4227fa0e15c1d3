'use strict'

/**
 * How many threads libuv's threadpool gets, or null to leave it to the user (who set
 * UV_THREADPOOL_SIZE) or to libuv (4). Gatehouse signs every JWT on the pool (crypto.sign
 * with a callback), so on a small machine the pool's size decides how a token load shares
 * the cores with the request thread: with libuv's 4 threads on 2 cores, each signature
 * mostly wakes a sleeping thread (about 28 µs of the request thread's time for each, against
 * 4–7 µs with 2 threads) and the signing threads outnumber the cores. One thread per core,
 * at least 2 and at most libuv's own 4, measured 4–6 % more JWT tokens a second on 2 cores
 * (docs/benchmarks.md).
 */
function threadpoolSize(env, cores) {
  if (env.UV_THREADPOOL_SIZE !== undefined && env.UV_THREADPOOL_SIZE !== '') return null
  return Math.min(4, Math.max(2, Math.floor(cores) || 1))
}

module.exports = { threadpoolSize }
