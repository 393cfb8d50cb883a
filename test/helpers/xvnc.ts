// A real VNC server for console tests: TigerVNC's Xvnc on a free display and port, VncAuth against a password
// file (which the fake PVE rewrites per vncproxy call; Xvnc reads it again for each connection), the classic X
// root weave (-retro) so the screen is visibly not blank, reachable from 127.0.0.1 only.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const XVNC = '/usr/bin/Xvnc'
const START_TIMEOUT_MS = 10_000
const FIRST_DISPLAY = 40
const LAST_DISPLAY = 99

/** Whether Xvnc and vncpasswd are installed; tests that need a VNC server skip without them. */
export const xvncAvailable = existsSync(XVNC) && existsSync('/usr/bin/vncpasswd')

export interface XvncServer {
  display: number
  host: string
  port: number
  /** The VncAuth password file, in `vncpasswd -f` form. */
  passwordFile: string
  /** The password the file holds at start (until someone rewrites it). */
  initialPassword: string
  stop(): Promise<void>
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** A display number with neither an X lock file nor a socket, starting at a random place to avoid neighbours. */
function freeDisplay(): number {
  const span = LAST_DISPLAY - FIRST_DISPLAY + 1
  const offset = randomBytes(1)[0]! % span
  for (let index = 0; index < span; index += 1) {
    const display = FIRST_DISPLAY + ((offset + index) % span)
    if (!existsSync(`/tmp/.X${display}-lock`) && !existsSync(`/tmp/.X11-unix/X${display}`)) return display
  }
  throw new Error('xvnc: no free X display number')
}

/** Whether something listens on 127.0.0.1:port. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

export async function startXvnc(options: { geometry?: string } = {}): Promise<XvncServer> {
  if (!xvncAvailable) throw new Error('xvnc: Xvnc is not installed (tigervnc-standalone-server)')
  const dir = mkdtempSync(join(tmpdir(), 'proxdesk-xvnc-'))
  const passwordFile = join(dir, 'passwd')
  const initialPassword = randomBytes(6).toString('base64url').slice(0, 8)
  writeFileSync(passwordFile, execFileSync('vncpasswd', ['-f'], { input: initialPassword }), { mode: 0o600 })
  const display = freeDisplay()
  const port = await freeTcpPort()
  const args = [
    `:${display}`,
    ...['-rfbport', String(port), '-localhost', '-interface', '127.0.0.1', '-nolisten', 'tcp'],
    ...['-SecurityTypes', 'VncAuth', '-PasswordFile', passwordFile],
    ...['-geometry', options.geometry ?? '800x600', '-depth', '24', '-retro'],
    // Tests try wrong passwords on purpose; the default blacklist would lock 127.0.0.1 out after five.
    ...['-BlacklistThreshold', '1000000'],
  ]
  const child = spawn(XVNC, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()))

  // A test run that dies without calling stop() must not leave the X server behind.
  const killOnExit = (): void => {
    child.kill('SIGTERM')
  }
  process.once('exit', killOnExit)

  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit)
    if (!exited(child)) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      await gone
    }
    rmSync(dir, { recursive: true, force: true })
  }

  const deadline = Date.now() + START_TIMEOUT_MS
  while (!(await portAccepts(port))) {
    if (exited(child) || Date.now() > deadline) {
      await stop()
      throw new Error(`xvnc: Xvnc :${display} did not start on port ${port}:\n${log}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { display, host: '127.0.0.1', port, passwordFile, initialPassword, stop }
}
