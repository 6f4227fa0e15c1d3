// Vite's `?worker` imports: a constructor for a bundled Web Worker (see vite/client).
declare module '*?worker' {
  const WorkerConstructor: { new (options?: { name?: string }): Worker }
  export default WorkerConstructor
}
