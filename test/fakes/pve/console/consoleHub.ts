// The console proxies a node runs: one per vncproxy/termproxy call, each on its own port in 5900..5999 with a
// worker task that lives as long as the proxy does. A proxy waits about ten seconds for its websocket; after that
// the proxy exits and its task fails. Only one websocket can use a proxy. Like PVE, the API call does not look at
// whether the container runs: the console command (lxc-console) does, once a client is connected.

import type { WebSocket } from 'ws'
import { AuthFailure, splitTokenId, type Authenticator } from '../auth'
import { pveDie } from '../errors'
import type { PermissionEngine } from '../permissions'
import type { Clock, FakePveState } from '../state'
import type { TaskRunner } from '../tasks'
import { runTerminalSession } from './terminalSession'
import { VncTicketIssuer, type TicketBinding } from './vncTickets'
import { refuseVncSession, relayVncSession } from './vncRelay'
import { writeVncPassword } from './vncPasswordFile'

export interface FakeConsoleOptions {
  /** A real VNC server (e.g. test/helpers/xvnc.ts) that vncproxy sessions are relayed to. */
  vnc?: {
    host: string
    port: number
    /** The server's VncAuth password file; every websocket vncproxy call writes its new password into it. */
    passwordFile: string
  }
}

export type ConsoleKind = 'terminal' | 'vnc'

export const FIRST_CONSOLE_PORT = 5900
export const LAST_CONSOLE_PORT = 5999
const CONNECT_TIMEOUT_MS = 10_000

interface ConsoleSession {
  kind: ConsoleKind
  vmid: number
  port: number
  upid: string
  /** The command line the proxy task would run on a real node, for its failure message. */
  command: string
  connectTimer: NodeJS.Timeout
  socket?: WebSocket
}

export interface ConsoleHubDeps {
  state: FakePveState
  clock: Clock
  tasks: TaskRunner
  permissions: PermissionEngine
  auth: Authenticator
}

export class ConsoleHub {
  readonly tickets: VncTicketIssuer
  private readonly sessions = new Map<number, ConsoleSession>()

  constructor(
    private readonly deps: ConsoleHubDeps,
    private readonly options: FakeConsoleOptions,
  ) {
    this.tickets = new VncTicketIssuer(deps.clock)
  }

  /** PVE::Tools::next_vnc_port: the lowest port no console proxy holds. */
  freePort(): number {
    for (let port = FIRST_CONSOLE_PORT; port <= LAST_CONSOLE_PORT; port += 1) if (!this.sessions.has(port)) return port
    throw pveDie(`unable to find free port (${FIRST_CONSOLE_PORT}-${LAST_CONSOLE_PORT})`)
  }

  /** Registers the proxy a vncproxy/termproxy task runs; it waits for its websocket, then gives up. */
  register(session: { kind: ConsoleKind; vmid: number; port: number; upid: string; command: string }): void {
    const connectTimer = setTimeout(() => {
      this.sessions.delete(session.port)
      this.deps.tasks.complete(session.upid, `command '${session.command}' failed: exit code 1`)
    }, CONNECT_TIMEOUT_MS)
    connectTimer.unref()
    this.sessions.set(session.port, { ...session, connectTimer })
  }

  /** The proxy's task was interrupted (DELETE on the task): the proxy dies and frees its port. */
  kill(port: number): void {
    const session = this.sessions.get(port)
    if (!session) return
    this.sessions.delete(port)
    clearTimeout(session.connectTimer)
    session.socket?.terminate()
  }

  /** Puts the new VNC password where the VNC server checks it; a no-op without a configured server. */
  setVncPassword(password: string): void {
    if (this.options.vnc) writeVncPassword(this.options.vnc.passwordFile, password)
  }

  /** Whether `authid` may use the ticket (verify_vnc_ticket) and still holds `privileges` on the path. */
  loginValid(ticket: string, binding: TicketBinding, privileges: string[]): boolean {
    if (!this.tickets.valid(ticket, binding)) return false
    try {
      const token = splitTokenId(binding.authid)
      const user = this.deps.auth.enabledUser(token?.userid ?? binding.authid)
      if (token && !user.tokens.has(token.tokenName)) return false
    } catch (error) {
      if (error instanceof AuthFailure) return false
      throw error
    }
    return this.deps.permissions.check(binding.authid, binding.path, privileges, { noerr: true })
  }

  /** The websocket of vncwebsocket reaches the proxy on `port`, as pveproxy's websocket_proxy connects to it. */
  attach(port: number, socket: WebSocket): void {
    const session = this.sessions.get(port)
    if (!session || session.socket) {
      socket.close(1011, `connect to 'localhost:${port}' failed: Connection refused`)
      return
    }
    clearTimeout(session.connectTimer)
    session.socket = socket
    const onEnd = (): void => {
      if (this.sessions.get(port) !== session) return
      this.sessions.delete(port)
      this.deps.tasks.complete(session.upid)
    }
    const running = this.deps.state.containers.get(session.vmid)?.status === 'running'
    if (session.kind === 'terminal') {
      const path = `/vms/${session.vmid}`
      runTerminalSession(socket, {
        vmid: session.vmid,
        running,
        verifyLogin: (user, ticket) => this.loginValid(ticket, { authid: user, path, port }, ['VM.Console']),
        onEnd,
      })
    } else if (!running) {
      // vncterm's console command exits at once, and vncterm with it.
      socket.close(1011, `CT ${session.vmid} is not running`)
      onEnd()
    } else if (this.options.vnc) {
      relayVncSession(socket, this.options.vnc, onEnd)
    } else {
      refuseVncSession(socket, onEnd)
    }
  }

  close(): void {
    for (const session of this.sessions.values()) {
      clearTimeout(session.connectTimer)
      session.socket?.terminate()
    }
    this.sessions.clear()
  }
}
