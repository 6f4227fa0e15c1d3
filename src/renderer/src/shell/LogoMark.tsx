/** The Gatehouse mark: a gate arch over a threshold. Inline SVG, no network. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      role="img"
      aria-label="Gatehouse"
      style={{ display: 'block', flex: 'none' }}
    >
      <rect width="32" height="32" rx="7" fill="var(--mantine-primary-color-filled)" />
      <g fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round">
        <path d="M8 25V13.5a8 8 0 0 1 16 0V25" />
        <path d="M13 25v-9.5a3 3 0 0 1 6 0V25" />
        <path d="M6 25h20" />
      </g>
    </svg>
  )
}
