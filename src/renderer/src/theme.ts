import { createTheme, localStorageColorSchemeManager } from '@mantine/core'
import type { MantineColorsTuple } from '@mantine/core'

// A slightly deeper indigo than Mantine's, so primary text and filled controls keep a
// contrast of at least 4.5:1 on white and on the dark background (projectors wash colours out).
const gate: MantineColorsTuple = [
  '#edf2ff',
  '#dbe4ff',
  '#bac8ff',
  '#91a7ff',
  '#748ffc',
  '#5c7cfa',
  '#4c6ef5',
  '#3b5bdb',
  '#364fc7',
  '#2b3f9e',
]

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'gatehouse.colorScheme' })

export const theme = createTheme({
  primaryColor: 'gate',
  primaryShade: { light: 7, dark: 6 },
  colors: { gate },
  fontFamily:
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif",
  fontFamilyMonospace:
    "ui-monospace, 'SF Mono', 'Cascadia Mono', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
  // Readable on a projector: body text is 16px, the smallest running text 15px, captions 13px.
  fontSizes: {
    xs: '0.8125rem',
    sm: '0.9375rem',
    md: '1rem',
    lg: '1.125rem',
    xl: '1.3125rem',
  },
  lineHeights: { xs: '1.4', sm: '1.5', md: '1.55', lg: '1.6', xl: '1.65' },
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.75rem', lineHeight: '1.25' },
      h2: { fontSize: '1.375rem', lineHeight: '1.3' },
      h3: { fontSize: '1.125rem', lineHeight: '1.35' },
      h4: { fontSize: '1rem', lineHeight: '1.4' },
    },
  },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Tooltip: { defaultProps: { openDelay: 350, withArrow: true } },
    // Sentence-case badges read better than Mantine's small caps at projector distance.
    Badge: { styles: { root: { textTransform: 'none', letterSpacing: 0, fontWeight: 600 } } },
  },
})
