// The IPC layer against the real services: one handler per contract operation, the sender check, and results and
// errors carried as data.
import { afterEach, describe, expect, it, vi } from 'vitest'
import pino from 'pino'
import { OPERATION_NAMES } from '@shared/contract/index'
import { ipcChannel } from '@shared/contract/ipc'
import { registerIpcHandlers } from '../../src-main/electron/ipc'
import { trustedSender } from '../../src-main/electron/senderCheck'
import { appOrigin } from '../../src-main/electron/appOrigin'
import { openTestCore, type TestCore } from '../helpers/testServices'
import { useTempDir } from '../helpers/tempDir'
import { FakeIpcMain } from './fakeElectron'

const OUR_FRAME = { url: 'app://proxdesk/index.html#/users', parent: null }
const silent = pino({ level: 'silent' })

describe('IPC handlers', () => {
  const tempDir = useTempDir()
  let core: TestCore | undefined
  afterEach(() => core?.close())

  function setUp(origin = appOrigin(undefined)) {
    core = openTestCore(tempDir())
    const ipcMain = new FakeIpcMain()
    const dispatch = vi.spyOn(core.services.dispatcher, 'call')
    const unregister = registerIpcHandlers(ipcMain as never, core.services.dispatcher, trustedSender(origin), silent)
    return { ipcMain, dispatch, unregister }
  }

  it('registers exactly one handler per contract operation, on proxdesk:<operation>', () => {
    const { ipcMain, unregister } = setUp()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(ipcChannel).sort())
    expect(OPERATION_NAMES).toContain('system.info')
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('answers our own top-level frame with { ok, data }', async () => {
    const { ipcMain } = setUp()
    const created = await ipcMain.invoke(ipcChannel('users.create'), { username: 'alice', password: 'alice-password' }, OUR_FRAME)
    expect(created).toMatchObject({ ok: true, data: { username: 'alice', permission: 'user' } })
    expect(await ipcMain.invoke(ipcChannel('users.list'), {}, OUR_FRAME)).toMatchObject({ ok: true, data: { total: 1 } })
  })

  it.each([
    ['another origin', { url: 'https://evil.example/index.html', parent: null }],
    ['another app:// host', { url: 'app://other/index.html', parent: null }],
    ['a file:// page', { url: 'file:///work/main/out/renderer/index.html', parent: null }],
    ['a subframe of our page', { url: 'app://proxdesk/index.html', parent: { url: 'app://proxdesk/index.html' } }],
    ['a destroyed frame', null],
  ])('refuses a call from %s as data, without reaching the dispatcher', async (_name, frame) => {
    const { ipcMain, dispatch } = setUp()
    const result = await ipcMain.invoke(ipcChannel('users.list'), {}, frame)
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'this frame may not call proxdesk' } })
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('in development trusts the dev server origin only', async () => {
    const { ipcMain } = setUp(appOrigin('http://localhost:5173'))
    expect(await ipcMain.invoke(ipcChannel('users.list'), {}, { url: 'http://localhost:5173/#/users', parent: null })).toMatchObject({ ok: true })
    for (const url of ['http://localhost:5174/', 'app://proxdesk/index.html', 'https://localhost:5173/']) {
      expect(await ipcMain.invoke(ipcChannel('users.list'), {}, { url, parent: null }), url).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
  })

  it('validates input against the operation schema and names each bad field', async () => {
    const { ipcMain } = setUp()
    const result = await ipcMain.invoke(ipcChannel('users.create'), { username: 'x', password: 'short', is_admin: true }, OUR_FRAME)
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { username: expect.any(String), password: expect.any(String), is_admin: 'unknown field' } },
    })
  })

  it('carries service errors as typed data', async () => {
    const { ipcMain } = setUp()
    expect(await ipcMain.invoke(ipcChannel('users.get'), { id: 999 }, OUR_FRAME)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    await ipcMain.invoke(ipcChannel('users.create'), { username: 'alice', password: 'alice-password' }, OUR_FRAME)
    const duplicate = await ipcMain.invoke(ipcChannel('users.create'), { username: 'alice', password: 'alice-password' }, OUR_FRAME)
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { username: expect.any(String) } } })
  })

  it('turns an unexpected failure into INTERNAL without its details', async () => {
    const { ipcMain } = setUp()
    vi.spyOn(core!.services.users, 'list').mockImplementation(() => {
      throw new Error('SQLITE_CORRUPT at /secret/path')
    })
    expect(await ipcMain.invoke(ipcChannel('users.list'), {}, OUR_FRAME)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'internal error; see the server log' },
    })
  })
})
