// A stand-in for the `electron` module (its binary cannot run here): just enough of each API to record what the
// desktop code asks of it. Tests install it with `vi.mock('electron', () => import('./fakeElectron'))` and reset it
// with `resetFakeElectron()`.
import { EventEmitter } from 'node:events'
import { MessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads'

type Listener = (...args: any[]) => unknown

/** What handlers saw: `preventDefault` flips `defaultPrevented`, as on Electron's events. */
export class FakeEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  sent: Array<{ channel: string; payload: unknown }> = []
  destroyed = false
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
  posted: Array<{ channel: string; message: unknown; ports: unknown[] }> = []
  postMessage(channel: string, message: unknown, ports: unknown[] = []): void {
    this.posted.push({ channel, message, ports })
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** Fires an event the way Electron does and reports whether a handler prevented it. */
  fire(name: string, ...args: unknown[]): FakeEvent {
    const event = new FakeEvent()
    this.emit(name, event, ...args)
    return event
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  loadedUrl: string | null = null
  maximized = false
  bounds: { x: number; y: number; width: number; height: number }
  constructor(readonly options: Record<string, any>) {
    super()
    this.bounds = { x: options.x, y: options.y, width: options.width, height: options.height }
    BrowserWindow.created.push(this)
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    return Promise.resolve()
  }
  maximize(): void {
    this.maximized = true
  }
  isMaximized(): boolean {
    return this.maximized
  }
  getNormalBounds() {
    return this.bounds
  }
  show(): void {}
  focused = 0
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  focus(): void {
    this.focused++
  }
}

export const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  /** Whether requestSingleInstanceLock succeeds, i.e. no other instance runs. */
  lockAvailable: true,
  appPath: '',
  userData: '',
  quits: 0,
  exitCode: null as number | null,
  requestSingleInstanceLock(): boolean {
    return this.lockAvailable
  },
  whenReady(): Promise<void> {
    return Promise.resolve()
  },
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`the stand-in app knows only userData, not ${name}`)
    return this.userData
  },
  getAppPath(): string {
    return this.appPath
  },
  quit(): void {
    this.quits++
  },
  exit(code: number): void {
    this.exitCode = code
  },
})

export const dialog = {
  errors: [] as Array<{ title: string; content: string }>,
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content })
  },
}

export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  getAllDisplays() {
    return this.displays
  },
  getPrimaryDisplay() {
    return this.displays[0]!
  },
}

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url)
    return Promise.resolve()
  },
}

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes)
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`scheme ${scheme} is already handled`)
    this.handlers.set(scheme, handler)
  },
}

export class FakeSession {
  requestHandler: Listener | null = null
  checkHandler: Listener | null = null
  deviceHandler: Listener | null = null
  setPermissionRequestHandler(handler: Listener): void {
    this.requestHandler = handler
  }
  setPermissionCheckHandler(handler: Listener): void {
    this.checkHandler = handler
  }
  setDevicePermissionHandler(handler: Listener): void {
    this.deviceHandler = handler
  }
}

/** A partition's extras beyond the permission handlers: cookies and certificate verification. */
export class FakePartitionSession extends FakeSession {
  constructor(readonly partition: string) {
    super()
  }
  certificateVerifyProc: Listener | null = null
  setCertificateVerifyProc(proc: Listener): void {
    this.certificateVerifyProc = proc
  }
  readonly cookies = {
    recorded: [] as Array<Record<string, unknown>>,
    set(details: Record<string, unknown>): Promise<void> {
      this.recorded.push(details)
      return Promise.resolve()
    },
  }
}

export const session = {
  defaultSession: new FakeSession(),
  partitions: new Map<string, FakePartitionSession>(),
  fromPartition(partition: string): FakePartitionSession {
    let found = this.partitions.get(partition)
    if (!found) this.partitions.set(partition, (found = new FakePartitionSession(partition)))
    return found
  },
}

/** MessagePortMain over Node's MessagePort: `message` events carry `{ data }`, `close` when the other end closes. */
export class FakeMessagePortMain extends EventEmitter {
  constructor(private readonly port: NodeMessagePort) {
    super()
    port.on('message', (data: unknown) => this.emit('message', { data, ports: [] }))
    port.on('close', () => this.emit('close'))
  }
  postMessage(data: unknown): void {
    this.port.postMessage(data)
  }
  start(): void {
    this.port.start()
  }
  close(): void {
    this.port.close()
  }
}

export class MessageChannelMain {
  readonly port1: FakeMessagePortMain
  readonly port2: FakeMessagePortMain
  constructor() {
    const channel = new MessageChannel()
    this.port1 = new FakeMessagePortMain(channel.port1)
    this.port2 = new FakeMessagePortMain(channel.port2)
  }
}

/** ipcMain.handle throws on a second handler for one channel, as Electron's does. */
export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>()
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  /** ipcMain.on listeners (send-style channels, such as the console port request). */
  readonly listeners = new Map<string, Listener>()
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, listener)
  }
  removeListener(channel: string, listener: Listener): void {
    if (this.listeners.get(channel) === listener) this.listeners.delete(channel)
  }
  /** Calls a handler as a frame would: `frame` null for a destroyed one. */
  invoke(channel: string, input: unknown, frame: { url: string; parent: unknown } | null): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`))
    return Promise.resolve(handler({ senderFrame: frame, sender: {} }, input))
  }
}

export const ipcMain = new FakeIpcMain()

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoked: [] as Array<{ channel: string; input: unknown }>,
  /** Where invoke goes; tests point it at a FakeIpcMain to run renderer and main together. */
  route: null as ((channel: string, input: unknown) => Promise<unknown>) | null,
  invoke(channel: string, input: unknown): Promise<unknown> {
    this.invoked.push({ channel, input })
    return this.route ? this.route(channel, input) : Promise.resolve(undefined)
  },
})

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(name: string, api: unknown): void {
    if (this.exposed.has(name)) throw new Error(`${name} is already exposed`)
    this.exposed.set(name, api)
  },
}

export function resetFakeElectron(): void {
  BrowserWindow.created = []
  app.removeAllListeners()
  Object.assign(app, { isPackaged: true, lockAvailable: true, appPath: '', userData: '', quits: 0, exitCode: null })
  dialog.errors = []
  screen.displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]
  shell.opened = []
  protocol.privileged = []
  protocol.handlers.clear()
  session.defaultSession = new FakeSession()
  ipcMain.handlers.clear()
  ipcMain.listeners.clear()
  session.partitions.clear()
  ipcRenderer.removeAllListeners()
  ipcRenderer.invoked = []
  ipcRenderer.route = null
  contextBridge.exposed.clear()
}
