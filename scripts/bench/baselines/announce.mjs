// Every baseline child prints one line the bench waits for, in the same words as
// `gatehouse serve`, so one parser finds the address of any server it started.
export function announce(server) {
  const address = server.address()
  process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`)
}

/** Stop on SIGTERM/SIGINT like the real server does (a --cpu-prof run needs a clean exit). */
export function stopOnSignal(close) {
  const stop = () => {
    Promise.resolve(close()).finally(() => process.exit(0))
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}
