// Baseline: the signing ceiling in one process. jose 6 signs through WebCrypto, which runs on
// the libuv threadpool, so it is measured both one at a time and with 32 signatures in flight
// (what a busy server gets). The claims are those of a typical access token.
import { randomUUID } from 'node:crypto'
import { generateKeyPair, SignJWT } from 'jose'

function sign(privateKey) {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ scope: 'api', client_id: 'bench-client' })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'bench' })
    .setIssuer('http://127.0.0.1')
    .setSubject('bench-client')
    .setAudience('urn:bench:api')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .setJti(randomUUID())
    .sign(privateKey)
}

/** Signs for `seconds` with `inFlight` concurrent loops; tokens/s and CPU cores used. */
export async function joseSigningRate({ seconds, inFlight }) {
  const { privateKey } = await generateKeyPair('RS256')
  for (let i = 0; i < 20; i++) await sign(privateKey) // warm up
  const cpu0 = process.cpuUsage()
  const started = performance.now()
  const deadline = started + seconds * 1000
  let count = 0
  const loop = async () => {
    while (performance.now() < deadline) {
      await sign(privateKey)
      count++
    }
  }
  await Promise.all(Array.from({ length: inFlight }, loop))
  const elapsed = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpu0)
  return {
    tokensPerSec: count / elapsed,
    cores: (cpu.user + cpu.system) / 1e6 / elapsed,
    inFlight,
  }
}
