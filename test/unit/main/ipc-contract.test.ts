import { describe, expect, it, vi } from 'vitest'
import {
  createIpcHandlers,
  IpcRejection,
  validateIpcSender,
  type IpcDependencies,
} from '../../../src/main/policy/ipc-contract'
import { IPC_CHANNELS } from '../../../src/preload/api'

const TOP = { url: 'app://gatehouse/index.html', isTopFrame: true }

function setup() {
  const deps = {
    connection: vi.fn(() => ({ apiBase: 'http://127.0.0.1:8787', adminToken: 'tok' })),
    serverOrigin: vi.fn(() => 'http://127.0.0.1:8787'),
    openExternal: vi.fn(async (_url: string) => {}),
    pickSfdxProject: vi.fn(async () => ({ folder: '/p', files: { 'a.eca-meta.xml': '<x/>' } })),
    saveSfdxFiles: vi.fn(async (_files: Record<string, string>) => '/p'),
  } satisfies IpcDependencies
  return { deps, handlers: createIpcHandlers(deps) }
}

async function rejection(promise: Promise<unknown>): Promise<IpcRejection> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(IpcRejection)
    return err as IpcRejection
  }
  throw new Error('expected a rejection')
}

describe('validateIpcSender (E13)', () => {
  it('accepts the top frame of app://gatehouse', () => {
    expect(validateIpcSender(TOP)).toBe(true)
    expect(validateIpcSender({ url: 'app://gatehouse/index.html#/flows', isTopFrame: true })).toBe(
      true,
    )
  })

  it.each([
    { url: 'app://gatehouse/index.html', isTopFrame: false },
    { url: 'app://gatehouse.evil/index.html', isTopFrame: true },
    { url: 'https://evil.example/', isTopFrame: true },
    { url: 'http://127.0.0.1:8787/_gatehouse/', isTopFrame: true },
    { url: 'file:///tmp/index.html', isTopFrame: true },
    { url: 'about:blank', isTopFrame: true },
    { url: null, isTopFrame: true },
    { url: undefined, isTopFrame: true },
    { url: '', isTopFrame: true },
  ])('rejects $url (top frame: $isTopFrame)', (sender) => {
    expect(validateIpcSender(sender)).toBe(false)
  })
})

describe('IPC handlers (E13)', () => {
  it('gatehouse:connection answers the app with the engine address and token', async () => {
    const { handlers } = setup()
    await expect(handlers[IPC_CHANNELS.connection](TOP, [])).resolves.toEqual({
      apiBase: 'http://127.0.0.1:8787',
      adminToken: 'tok',
    })
  })

  it('a forged sender gets nothing and nothing runs', async () => {
    const { deps, handlers } = setup()
    const forged = { url: 'https://evil.example/', isTopFrame: true }
    expect((await rejection(handlers[IPC_CHANNELS.connection](forged, []))).code).toBe(
      'forbidden-sender',
    )
    const iframe = { url: 'app://gatehouse/index.html', isTopFrame: false }
    expect(
      (await rejection(handlers[IPC_CHANNELS.openExternal](iframe, ['https://example.com/']))).code,
    ).toBe('forbidden-sender')
    expect(deps.connection).not.toHaveBeenCalled()
    expect(deps.openExternal).not.toHaveBeenCalled()
  })

  it('a bad payload is a typed error before anything runs', async () => {
    const { deps, handlers } = setup()
    for (const args of [['extra'], [{}]]) {
      expect((await rejection(handlers[IPC_CHANNELS.connection](TOP, args))).code).toBe(
        'invalid-payload',
      )
    }
    for (const args of [
      [],
      [42],
      [{ url: 'https://example.com/' }],
      ['https://a.test/', 'more'],
      [''],
      ['x'.repeat(5000)],
    ]) {
      expect((await rejection(handlers[IPC_CHANNELS.openExternal](TOP, args))).code).toBe(
        'invalid-payload',
      )
    }
    expect(deps.connection).not.toHaveBeenCalled()
    expect(deps.openExternal).not.toHaveBeenCalled()
  })

  it('gatehouse:open-external opens only vetted URLs, normalized', async () => {
    const { deps, handlers } = setup()
    await handlers[IPC_CHANNELS.openExternal](TOP, ['https://Example.com/docs'])
    expect(deps.openExternal).toHaveBeenCalledWith('https://example.com/docs')
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://x/y',
      'http://example.com/',
    ]) {
      const err = await rejection(handlers[IPC_CHANNELS.openExternal](TOP, [url]))
      expect(err.code).toBe('refused-url')
      expect(err.message).toMatch(/^\[refused-url\]/)
    }
    expect(deps.openExternal).toHaveBeenCalledTimes(1)
  })

  it('reads and writes SFDX projects only for the app, with plain string maps', async () => {
    const { deps, handlers } = setup()
    await expect(handlers[IPC_CHANNELS.pickSfdxProject](TOP, [])).resolves.toEqual({
      folder: '/p',
      files: { 'a.eca-meta.xml': '<x/>' },
    })
    await expect(
      handlers[IPC_CHANNELS.saveSfdxFiles](TOP, [{ 'a.eca-meta.xml': '<x/>' }]),
    ).resolves.toBe('/p')
    const forged = { url: 'https://evil.test/', isTopFrame: true }
    expect((await rejection(handlers[IPC_CHANNELS.pickSfdxProject](forged, []))).code).toBe(
      'forbidden-sender',
    )
    for (const args of [[], [{ a: 1 }], ['text'], [{ a: 'x' }, 'extra']]) {
      expect((await rejection(handlers[IPC_CHANNELS.saveSfdxFiles](TOP, args))).code).toBe(
        'invalid-payload',
      )
    }
    expect(deps.saveSfdxFiles).toHaveBeenCalledTimes(1)
  })

  it('handles exactly the channels the preload uses', () => {
    const { handlers } = setup()
    expect(Object.keys(handlers).sort()).toEqual(Object.values(IPC_CHANNELS).sort())
  })
})
