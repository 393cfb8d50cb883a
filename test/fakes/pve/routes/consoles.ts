// vncproxy, termproxy and vncwebsocket (pve-container API2/LXC.pm, with the April 2026 console hardening of
// NOTES §9). Neither proxy is forwarded to the container's node: the proxy runs where the call arrived. The
// proxy itself lives in console/consoleHub.ts; its task runs as long as the proxy does.

import { randomInt } from 'node:crypto'
import type { ConsoleKind } from '../console/consoleHub'
import { loadContainer } from '../containers'
import { PveError } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'

/** Lives until the console hub ends the task (websocket closed, or never opened). */
const PROXY_TASK_MAX_MS = 24 * 3600 * 1000
const VNC_PASSWORD_CHARS = Array.from({ length: 94 }, (_, index) => String.fromCharCode(33 + index)).join('')

function consoleCommand(vmid: number): string {
  return `/usr/bin/dtach -A /var/run/dtach/vzctlconsole${vmid} -r winch -z lxc-console -n ${vmid} -e -1`
}

/** load_config: the container must exist here. Whether it runs only matters once a client is connected. */
function consoleContainer(ctx: HandlerContext): number {
  const vmid = ctx.integer('vmid')!
  loadContainer(ctx.state, ctx.pveNode().name, vmid)
  return vmid
}

function startProxy(ctx: HandlerContext, kind: ConsoleKind, vmid: number, port: number, command: string): string {
  const upid = ctx.startTask({
    nodeName: ctx.pveNode().name,
    type: 'vncproxy',
    id: String(vmid),
    durationMs: PROXY_TASK_MAX_MS,
    execute: () => undefined,
    abort: () => ctx.services.consoles.kill(port),
  })
  ctx.services.consoles.register({ kind, vmid, port, upid, command })
  return upid
}

function invalidVncTicket(): PveError {
  return new PveError(401, 'permission denied - invalid PVEVNC ticket\n')
}

export const consoleRoutes: RouteTable = {
  'POST /nodes/{node}/lxc/{vmid}/vncproxy': (ctx) => {
    const vmid = consoleContainer(ctx)
    const { consoles } = ctx.services
    const path = `/vms/${vmid}`
    const port = consoles.freePort()
    const websocket = ctx.flag('websocket')
    const size = ['width', 'height'].flatMap((name) => (ctx.string(name) ? [`-${name} ${ctx.string(name)}`] : []))
    const command = [
      `/usr/bin/vncterm -rfbport ${port} -timeout 10 -authpath ${path} -perm VM.Console`,
      ...size,
      ...(websocket ? ['-notls -listen localhost'] : []),
      `-c ${consoleCommand(vmid)}`,
    ].join(' ')
    // Since pve-container 6.1.3 a websocket console gets a random VNC password, and the ticket starts with it
    // because VNC authentication only uses the first 8 bytes of whatever password a client passes.
    const password = websocket
      ? Array.from({ length: 8 }, () => VNC_PASSWORD_CHARS[randomInt(VNC_PASSWORD_CHARS.length)]).join('')
      : undefined
    if (password !== undefined) consoles.setVncPassword(password)
    const ticket = consoles.tickets.issue({ authid: ctx.authid, path, port }, password)
    const upid = startProxy(ctx, 'vnc', vmid, port, command)
    const reply: Record<string, unknown> = { user: ctx.authid, ticket, port, upid, cert: ctx.services.caPem() }
    if (password !== undefined) reply.password = password
    return reply
  },

  'POST /nodes/{node}/lxc/{vmid}/termproxy': (ctx) => {
    const vmid = consoleContainer(ctx)
    const { consoles } = ctx.services
    const path = `/vms/${vmid}`
    const port = consoles.freePort()
    const command = `/usr/bin/termproxy ${port} --path ${path} --perm VM.Console -- ${consoleCommand(vmid)}`
    const ticket = consoles.tickets.issue({ authid: ctx.authid, path, port })
    return { user: ctx.authid, ticket, port, upid: startProxy(ctx, 'terminal', vmid, port, command) }
  },

  // Answered as JSON to a plain GET; with `Upgrade: websocket` the fake's upgrade handler then connects the
  // socket to the proxy on `port`, as pveproxy's websocket_proxy does.
  'GET /nodes/{node}/lxc/{vmid}/vncwebsocket': (ctx) => {
    const vmid = ctx.integer('vmid')!
    loadContainer(ctx.state, ctx.pveNode().name, vmid)
    const port = ctx.integer('port')!
    const binding = { authid: ctx.authid, path: `/vms/${vmid}`, port }
    if (!ctx.services.consoles.tickets.valid(ctx.requiredString('vncticket'), binding)) throw invalidVncTicket()
    return { port: String(port) }
  },
}
