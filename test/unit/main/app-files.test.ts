import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  appResponseHeaders,
  contentTypeFor,
  resolveAppFile,
} from '../../../src/main/policy/app-files'

const ROOT = '/opt/gatehouse/out/renderer'

describe('resolveAppFile (E16)', () => {
  it('serves files under the renderer folder', () => {
    expect(resolveAppFile('GET', 'app://gatehouse/index.html', ROOT, path.posix)).toEqual({
      status: 200,
      filePath: '/opt/gatehouse/out/renderer/index.html',
      contentType: 'text/html; charset=utf-8',
    })
    expect(resolveAppFile('GET', 'app://gatehouse/', ROOT, path.posix)).toMatchObject({
      status: 200,
      filePath: '/opt/gatehouse/out/renderer/index.html',
    })
    expect(resolveAppFile('GET', 'app://gatehouse', ROOT, path.posix)).toMatchObject({
      status: 200,
    })
    expect(
      resolveAppFile('HEAD', 'app://gatehouse/assets/index-abc.js?v=1#x', ROOT, path.posix),
    ).toEqual({
      status: 200,
      filePath: '/opt/gatehouse/out/renderer/assets/index-abc.js',
      contentType: 'text/javascript; charset=utf-8',
    })
    expect(
      resolveAppFile('GET', 'app://gatehouse/assets/a%20b.css', ROOT, path.posix),
    ).toMatchObject({
      filePath: '/opt/gatehouse/out/renderer/assets/a b.css',
    })
  })

  it.each([
    'app://gatehouse/../../etc/passwd',
    'app://x/../../etc/passwd',
    'app://gatehouse/assets/../../../etc/passwd',
    'app://gatehouse/%2e%2e/%2e%2e/etc/passwd',
    'app://gatehouse/%2E%2E/secret',
    'app://gatehouse/assets/..%2f..%2fetc/passwd',
    'app://gatehouse/..%5c..%5cwindows/win.ini',
    'app://gatehouse/assets\\..\\..\\x',
    'app://gatehouse/./index.html',
    'app://gatehouse/index.html%00.png',
    'app://gatehouse/%E0%A4%A',
    'app://gatehouse/assets/',
    'app://gatehouse//etc/passwd',
    'app://gatehouse.evil/index.html',
    'app://evil/index.html',
    'app://gatehouse@evil/index.html',
    'file:///etc/passwd',
    'http://127.0.0.1:8787/index.html',
  ])('refuses %s with 404', (url) => {
    expect(resolveAppFile('GET', url, ROOT, path.posix)).toEqual({ status: 404 })
  })

  it('refuses anything but GET and HEAD', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      expect(resolveAppFile(method, 'app://gatehouse/index.html', ROOT, path.posix)).toEqual({
        status: 405,
      })
    }
  })

  it('stays inside the folder with Windows paths too', () => {
    const root = 'C:\\Program Files\\Gatehouse\\resources\\app.asar\\out\\renderer'
    expect(resolveAppFile('GET', 'app://gatehouse/index.html', root, path.win32)).toMatchObject({
      status: 200,
      filePath: `${root}\\index.html`,
    })
    for (const url of [
      'app://gatehouse/C:/Windows/win.ini',
      'app://gatehouse/C:%5CWindows',
      'app://gatehouse/..%5Cx',
    ]) {
      expect(resolveAppFile('GET', url, root, path.win32)).toEqual({ status: 404 })
    }
  })

  it('never resolves outside the root, whatever the input (fuzz)', () => {
    const pieces = [
      '..',
      '.',
      '%2e%2e',
      '%2e',
      'a',
      'b.js',
      '%2f',
      '%5c',
      '\\',
      '',
      '%00',
      'C:',
      '~',
    ]
    for (let i = 0; i < 2000; i++) {
      const segments = Array.from(
        { length: 1 + (i % 5) },
        (_, j) => pieces[(i * 7 + j * 13) % pieces.length],
      )
      const decision = resolveAppFile(
        'GET',
        `app://gatehouse/${segments.join('/')}`,
        ROOT,
        path.posix,
      )
      if (decision.status === 200) {
        expect(decision.filePath.startsWith(`${ROOT}/`)).toBe(true)
        expect(path.posix.normalize(decision.filePath)).toBe(decision.filePath)
      }
    }
  })
})

describe('app:// response headers (E7)', () => {
  it('carry the CSP and nosniff', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8', "default-src 'self'")
    expect(headers['content-security-policy']).toBe("default-src 'self'")
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['content-type']).toBe('text/html; charset=utf-8')
  })

  it('types files by extension', () => {
    expect(contentTypeFor('a/b/worker.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeFor('font.woff2')).toBe('font/woff2')
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream')
  })
})
