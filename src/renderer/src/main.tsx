import '@mantine/core/styles.css'
import './app.css'
import { StrictMode } from 'react'
import type { ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { MantineProvider } from '@mantine/core'
import { App } from './App'
import { resolveConnection } from './api/connection'
import { TokenScreen } from './shell/TokenScreen'
import { colorSchemeManager, theme } from './theme'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')
const root = createRoot(container)

function render(children: ReactNode) {
  root.render(
    <StrictMode>
      <MantineProvider
        theme={theme}
        colorSchemeManager={colorSchemeManager}
        defaultColorScheme="auto"
      >
        {children}
      </MantineProvider>
    </StrictMode>,
  )
}

void resolveConnection().then((result) => {
  if (result.kind === 'connected') render(<App connection={result.connection} />)
  else if (result.kind === 'failed')
    render(<TokenScreen problem={{ kind: 'failed', message: result.message }} />)
  else render(<TokenScreen problem={{ kind: 'missing-token' }} />)
})
