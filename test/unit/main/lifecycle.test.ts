import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { defaultDataDir } from '../../../src/core/paths'
import { listenWithFallback } from '../../../src/main/policy/engine-port'
import {
  bundlePaths,
  desktopDataDir,
  desktopUserDataDir,
  focusWindow,
  once,
  type FocusableWindow,
} from '../../../src/main/policy/lifecycle'

function fakeWindow(state: { minimized?: boolean; destroyed?: boolean } = {}) {
  const calls: string[] = []
  const window: FocusableWindow = {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    restore: () => void calls.push('restore'),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  }
  return { window, calls }
}

describe('single instance (E20)', () => {
  it('a second launch restores and focuses the existing window', () => {
    const { window, calls } = fakeWindow({ minimized: true })
    expect(focusWindow(window)).toBe(true)
    expect(calls).toEqual(['restore', 'show', 'focus'])
  })

  it('does nothing without a live window', () => {
    expect(focusWindow(null)).toBe(false)
    const { window, calls } = fakeWindow({ destroyed: true })
    expect(focusWindow(window)).toBe(false)
    expect(calls).toEqual([])
  })
})

describe('data folder', () => {
  it('is the folder `gatehouse serve` uses by default (Linux, macOS)', () => {
    const home = '/home/ada'
    const linuxAppData = path.posix.join(home, '.config')
    expect(desktopDataDir(desktopUserDataDir(linuxAppData, path.posix), path.posix)).toBe(
      defaultDataDir('linux', {}, home),
    )
    expect(desktopDataDir(desktopUserDataDir('/xdg', path.posix), path.posix)).toBe(
      defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, home),
    )
    const macAppData = path.posix.join(home, 'Library', 'Application Support')
    expect(desktopDataDir(desktopUserDataDir(macAppData, path.posix), path.posix)).toBe(
      defaultDataDir('darwin', {}, home),
    )
  })

  it('finds the preload, the renderer and the trace writer beside out/main', () => {
    expect(bundlePaths('/app/out/main', path.posix)).toEqual({
      preload: '/app/out/preload/index.cjs',
      renderer: '/app/out/renderer',
      traceWriter: '/app/out/main/trace-writer.js',
    })
  })
})

describe('listenWithFallback', () => {
  it('uses 8787 when it is free', async () => {
    const listen = vi.fn(async ({ port }: { host: string; port: number }) => ({ port }))
    await expect(listenWithFallback(listen, '127.0.0.1', 8787)).resolves.toEqual({ port: 8787 })
    expect(listen).toHaveBeenCalledTimes(1)
  })

  it('falls back to a free port when 8787 is taken', async () => {
    const onFallback = vi.fn()
    const listen = vi.fn(async ({ host, port }: { host: string; port: number }) => {
      if (port === 8787) throw Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' })
      return { host, port }
    })
    await expect(listenWithFallback(listen, '127.0.0.1', 8787, onFallback)).resolves.toEqual({
      host: '127.0.0.1',
      port: 0,
    })
    expect(onFallback).toHaveBeenCalledOnce()
  })

  it('reports any other failure as is', async () => {
    const err = Object.assign(new Error('denied'), { code: 'EACCES' })
    const listen = vi.fn(async () => {
      throw err
    })
    await expect(listenWithFallback(listen, '127.0.0.1', 8787)).rejects.toBe(err)
    expect(listen).toHaveBeenCalledTimes(1)
  })
})

describe('shutdown', () => {
  it('closes the engine once however many quit paths ask', async () => {
    const close = vi.fn(async () => {})
    const stop = once(close, () => {})
    await Promise.all([stop(), stop(), stop()])
    await stop()
    expect(close).toHaveBeenCalledTimes(1)
  })

  it('never rejects: a failing close is reported and quitting goes on', async () => {
    const report = vi.fn()
    const stop = once(async () => {
      throw new Error('disk gone')
    }, report)
    await expect(stop()).resolves.toBeUndefined()
    expect(report).toHaveBeenCalledOnce()
  })
})
