import { describe, expect, it } from 'vitest'
import { isAllowedNavigation, windowOpenDecision } from '../../../src/main/policy/navigation'
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  isAppUrl,
} from '../../../src/main/policy/app-origin'
import { DESKTOP_RENDERER_ORIGIN } from '../../../src/shared/admin-api'

const SERVER = 'http://127.0.0.1:8787'

describe('app origin', () => {
  it('is the origin the admin API allows for CORS', () => {
    expect(APP_ORIGIN).toBe(DESKTOP_RENDERER_ORIGIN)
    expect(`${APP_SCHEME}://${APP_HOST}`).toBe(APP_ORIGIN)
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true)
  })
})

describe('isAllowedNavigation (E9)', () => {
  it.each([
    'app://gatehouse/index.html',
    'app://gatehouse/',
    'app://gatehouse/index.html#/flows/42',
    'app://gatehouse/index.html?tab=trace',
  ])('allows %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true)
  })

  it.each([
    'app://gatehouse.evil/index.html',
    'app://gatehouse.evil.tld/',
    'app://gatehouse@evil/index.html',
    'app://evil/app://gatehouse/',
    'app://gatehouse:8080/index.html',
    'app://user:pw@gatehouse/index.html',
    'https://gatehouse/index.html',
    'http://127.0.0.1:8787/_gatehouse/',
    'https://app.example.com.evil.tld/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    '',
    'app:gatehouse',
  ])('blocks %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false)
  })

  it('blocks values that are not strings', () => {
    expect(isAllowedNavigation(undefined)).toBe(false)
    expect(isAllowedNavigation(null)).toBe(false)
    expect(isAllowedNavigation({ toString: () => 'app://gatehouse/' })).toBe(false)
  })
})

describe('windowOpenDecision (E10)', () => {
  it.each([
    'https://help.salesforce.com/s/articleView?id=sf.connected_app_overview.htm',
    'http://127.0.0.1:8787/services/oauth2/authorize?client_id=x',
    'app://gatehouse/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'about:blank',
  ])('never opens an Electron window for %s', (url) => {
    expect(windowOpenDecision(url, SERVER).action).toBe('deny')
  })

  it('sends https links and the engine’s own pages to the system browser', () => {
    expect(windowOpenDecision('https://example.com/docs', SERVER).openExternally).toBe(
      'https://example.com/docs',
    )
    expect(windowOpenDecision(`${SERVER}/services/oauth2/authorize`, SERVER).openExternally).toBe(
      `${SERVER}/services/oauth2/authorize`,
    )
  })

  it('opens nothing else', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'http://example.com/',
    ]) {
      expect(windowOpenDecision(url, SERVER).openExternally).toBeNull()
    }
  })
})
