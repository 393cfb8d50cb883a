// Opens consoles of our containers on PVE and hands them to whichever transport carries them to the renderer.
// PVE's console tickets live about 40 s, so the websocket to PVE is opened (and for a terminal, logged in) before
// we answer; the renderer then claims it with a one-time token.
import { AppError } from '@shared/errors'
import { CONSOLE_PATH_PREFIX, type ConsoleKind, type ConsoleSession } from '@shared/domain/console'
import type { CallContext } from '../actor'
import type { AuditLog } from '../audit/auditLog'
import type { Clock } from '../clock'
import type { ContainerRow } from '../containers/containerView'
import type { Database } from '../db/database'
import type { Logger } from '../logger'
import type { ConnectionService } from '../pve/connectionService'
import type { PveClient } from '../pve/pveClient'
import { relayConsole, type ConsoleClient, type ConsoleRelay } from './consoleRelay'
import { PendingConsoles, type PendingConsole } from './pendingConsoles'
import { pveConsoleUrl, type PveConsolePageOpener } from './pveConsolePage'
import { openVncWebSocket, type OpenedSocket, type UpgradeAuth } from './pveWebSocket'
import { termproxyLogin, TermproxyRefused } from './termproxyLogin'

export interface ConsoleServiceOptions {
  /** How long a token waits to be claimed. */
  tokenTtlMs?: number
  /** How long termproxy may take to answer the login line (PVE itself waits about 10 s). */
  loginTimeoutMs?: number
}

/** How the renderer reaches us: a token opened over HTTP belongs to that login session, one opened over IPC to the
 * desktop operator; neither can be claimed through the other. */
export type ConsoleTransport = 'http' | 'ipc'

interface Target {
  row: ContainerRow & { vmid: number }
  client: PveClient
}

export class ConsoleService {
  private readonly pending: PendingConsoles
  private readonly active = new Set<ConsoleRelay>()
  private readonly loginTimeoutMs: number
  private pageOpener: PveConsolePageOpener | null = null

  constructor(
    private readonly db: Database,
    private readonly connections: ConnectionService,
    private readonly requireRow: (id: number) => ContainerRow,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: ConsoleServiceOptions = {},
  ) {
    this.pending = new PendingConsoles(options.tokenTtlMs)
    this.loginTimeoutMs = options.loginTimeoutMs ?? 10_000
  }

  /** A container that exists on PVE and runs there right now (PVE's word, not our last record). */
  private async runningTarget(id: number): Promise<Target> {
    const row = this.requireRow(id)
    if (row.vmid === null || row.state === 'creating' || row.state === 'failed' || row.state === 'deleting' || row.state === 'deleted') {
      throw new AppError('CONFLICT', `the container is ${row.state}; it has no console`, { fields: { id: row.state } })
    }
    const client = this.connections.client(row.connection_id)
    const status = await client.lxcStatus(row.pve_node, row.vmid)
    if (status.status !== 'running') {
      throw new AppError('CONFLICT', `the container is ${status.status}; start it to use the console`, { fields: { id: 'stopped' } })
    }
    return { row: { ...row, vmid: row.vmid }, client }
  }

  async open(id: number, kind: ConsoleKind, ctx: CallContext): Promise<ConsoleSession> {
    const { row, client } = await this.runningTarget(id)
    const opened = kind === 'terminal' ? await this.openTerminal(client, row) : await this.openVnc(client, row)
    const token = this.pending.add({ containerId: id, kind, upstream: opened.socket, held: opened.held, sessionTokenHash: ctx.sessionTokenHash ?? null })
    this.audit.record({ kind: 'container.console', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'container', targetId: id, detail: { kind, vmid: row.vmid } })
    this.logger.info({ container: id, vmid: row.vmid, kind }, 'console opened on PVE')
    const session: ConsoleSession = { kind, token, websocket_path: CONSOLE_PATH_PREFIX + token }
    if (opened.vncPassword !== undefined) session.vnc_password = opened.vncPassword
    return session
  }

  /** The token's console, once: a used, expired or foreign token, or one whose login session ended, finds nothing. */
  claim(token: string, via: ConsoleTransport): PendingConsole | null {
    const console = this.pending.claim(token)
    if (!console) return null
    const owner = console.sessionTokenHash
    const allowed = via === 'ipc' ? owner === null : owner !== null && this.sessionAlive(owner)
    if (!allowed) {
      console.upstream.terminate()
      return null
    }
    return console
  }

  /** Starts relaying between PVE and the renderer's end. */
  attach(console: PendingConsole, client: ConsoleClient): ConsoleRelay {
    const relay = relayConsole(console.upstream, client, {
      logger: this.logger,
      describe: { container: console.containerId, kind: console.kind },
      pending: console.held.release(),
    })
    this.active.add(relay)
    void relay.closed.then(() => this.active.delete(relay))
    return relay
  }

  /** The desktop app installs this; elsewhere PVE's page cannot be opened. */
  setPageOpener(opener: PveConsolePageOpener): void {
    this.pageOpener = opener
  }

  async openPveConsolePage(id: number, ctx: CallContext): Promise<null> {
    if (!this.pageOpener) throw new AppError('FORBIDDEN', "PVE's console page opens only in the desktop app")
    const { row, client } = await this.runningTarget(id)
    // The page authenticates by the PVEAuthCookie only; API tokens cannot get one.
    const ticket = await client.login()
    const origin = client.connection.origin
    await this.pageOpener({
      connectionId: row.connection_id,
      origin,
      url: pveConsoleUrl(origin, row.pve_node, row.vmid, row.hostname),
      ticket: ticket.ticket,
      fingerprint: client.connection.fingerprint,
      title: `${row.hostname} (${row.vmid})`,
    })
    this.audit.record({ kind: 'container.console', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'container', targetId: id, detail: { kind: 'pve_page', vmid: row.vmid } })
    return null
  }

  /** Ends every console, waiting or running (shutdown). */
  async close(): Promise<void> {
    this.pending.closeAll()
    const running = [...this.active]
    for (const relay of running) relay.clientClosed()
    await Promise.all(running.map((relay) => relay.closed))
  }

  private sessionAlive(tokenHash: string): boolean {
    const row = this.db.first(this.db.qb.selectFrom('sessions').select('expires_at').where('token_hash', '=', tokenHash))
    return row !== undefined && row.expires_at > this.clock.now()
  }

  private async upgradeAuth(client: PveClient): Promise<UpgradeAuth> {
    const credentials = client.connection.credentials
    if (credentials.kind === 'token') return { kind: 'token', tokenId: credentials.tokenId, tokenSecret: credentials.tokenSecret }
    return { kind: 'cookie', ticket: (await client.login()).ticket }
  }

  private async openTerminal(client: PveClient, row: Target['row']): Promise<OpenedSocket & { vncPassword?: string }> {
    try {
      return await this.terminalVia(client, row)
    } catch (error) {
      // Before the April 2026 updates, termproxy checked its login with /access/ticket, which refuses token ids.
      if (!(error instanceof TermproxyRefused) || client.connection.credentials.kind !== 'token' || !client.connection.login) throw error
      this.logger.info({ container: row.id, vmid: row.vmid }, 'PVE refused the API token for the terminal; retrying with a ticket login')
      return this.terminalVia(client.withTicketLogin(), row)
    }
  }

  private async terminalVia(client: PveClient, row: Target['row']): Promise<OpenedSocket> {
    const auth = await this.upgradeAuth(client)
    const proxy = await client.termproxy(row.pve_node, row.vmid)
    const opened = await openVncWebSocket(client.connection, { pveNode: row.pve_node, vmid: row.vmid, port: proxy.port, vncticket: proxy.ticket }, auth)
    try {
      await termproxyLogin(opened.socket, opened.held, proxy.user, proxy.ticket, this.loginTimeoutMs)
    } catch (error) {
      opened.socket.terminate()
      throw error
    }
    opened.socket.pause()
    return opened
  }

  private async openVnc(client: PveClient, row: Target['row']): Promise<OpenedSocket & { vncPassword: string }> {
    const auth = await this.upgradeAuth(client)
    const proxy = await client.vncproxy(row.pve_node, row.vmid, { websocket: true })
    const opened = await openVncWebSocket(client.connection, { pveNode: row.pve_node, vmid: row.vmid, port: proxy.port, vncticket: proxy.ticket }, auth)
    opened.socket.pause()
    // Newer PVE generates a separate RFB password; older ones use the ticket (VNC reads its first 8 bytes).
    return { ...opened, vncPassword: proxy.password ?? proxy.ticket }
  }
}
