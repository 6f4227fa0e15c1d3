// Text files bundled with the engine (Vite's `?raw`; the CLI's esbuild build has a plugin for it).
declare module '*?raw' {
  const text: string
  export default text
}
