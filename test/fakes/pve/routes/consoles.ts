// vncproxy and termproxy (pve-container API2/LXC.pm, with the April 2026 console hardening of NOTES §9). Neither
// is proxied to the container's node; the proxy process runs where the call arrived and waits about ten seconds
// for its websocket. The fake has no websocket side, so every proxy task ends when that wait times out.

import { createHmac, randomBytes, randomInt } from 'node:crypto'
import { loadContainer } from '../containers'
import { pveDie } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import type { FakePveState } from '../state'

const CONNECT_TIMEOUT_MS = 10_000
const FIRST_VNC_PORT = 5900
const LAST_VNC_PORT = 5999
const VNC_PASSWORD_CHARS = Array.from({ length: 94 }, (_, index) => String.fromCharCode(33 + index)).join('')

const ticketKey = randomBytes(32)

/** Port of each console proxy task, per fake. */
const proxyPorts = new WeakMap<FakePveState, Map<string, number>>()

function portsOf(state: FakePveState): Map<string, number> {
  let ports = proxyPorts.get(state)
  if (!ports) {
    ports = new Map()
    proxyPorts.set(state, ports)
  }
  return ports
}

/** assemble_vnc_ticket: `PVEVNC:<hex time>::<signature>`, bound to the user and the `/vms/<vmid>` path. */
function vncTicket(ctx: HandlerContext, authpath: string): string {
  const plain = `PVEVNC:${ctx.nowSeconds().toString(16).toUpperCase().padStart(8, '0')}`
  const signature = createHmac('sha256', ticketKey).update(`${plain}:${ctx.authid}:${authpath}`).digest('base64')
  return `${plain}::${signature}`
}

/** PVE::Tools::next_vnc_port: the lowest port no running console proxy holds. */
function nextVncPort(ctx: HandlerContext): number {
  const used = new Set(
    [...portsOf(ctx.state)].filter(([upid]) => ctx.state.tasks.get(upid)?.status === 'running').map(([, port]) => port),
  )
  for (let port = FIRST_VNC_PORT; port <= LAST_VNC_PORT; port += 1) if (!used.has(port)) return port
  throw pveDie('unable to find free port (5900-5999)')
}

function consoleCommand(vmid: number): string {
  return `/usr/bin/dtach -A /var/run/dtach/vzctlconsole${vmid} -r winch -z lxc-console -n ${vmid} -e -1`
}

function startProxyTask(ctx: HandlerContext, vmid: number, port: number, command: string): string {
  const upid = ctx.startTask({
    nodeName: ctx.pveNode().name,
    type: 'vncproxy',
    id: String(vmid),
    durationMs: CONNECT_TIMEOUT_MS,
    execute: () => {
      throw new Error(`command '${command}' failed: exit code 1`)
    },
  })
  portsOf(ctx.state).set(upid, port)
  return upid
}

export const consoleRoutes: RouteTable = {
  'POST /nodes/{node}/lxc/{vmid}/vncproxy': (ctx) => {
    const vmid = ctx.integer('vmid')!
    loadContainer(ctx.state, ctx.pveNode().name, vmid)
    const authpath = `/vms/${vmid}`
    const port = nextVncPort(ctx)
    const size = ['width', 'height'].flatMap((name) => (ctx.string(name) ? [`-${name} ${ctx.string(name)}`] : []))
    const websocket = ctx.flag('websocket') ? ['-notls -listen localhost'] : []
    const command = [
      `/usr/bin/vncterm -rfbport ${port} -timeout 10 -authpath ${authpath} -perm VM.Console`,
      ...size,
      ...websocket,
      `-c ${consoleCommand(vmid)}`,
    ].join(' ')
    const ticket = vncTicket(ctx, authpath)
    const upid = startProxyTask(ctx, vmid, port, command)
    const reply: Record<string, unknown> = { user: ctx.authid, ticket, port, upid, cert: ctx.services.caPem() }
    if (ctx.flag('websocket')) {
      // Since pve-container 6.1.3 the VNC password is random and the ticket starts with it (VNC uses 8 bytes).
      const password = Array.from({ length: 8 }, () => VNC_PASSWORD_CHARS[randomInt(VNC_PASSWORD_CHARS.length)]).join('')
      reply.password = password
      reply.ticket = `${password}:${ticket}`
    }
    return reply
  },

  'POST /nodes/{node}/lxc/{vmid}/termproxy': (ctx) => {
    const vmid = ctx.integer('vmid')!
    loadContainer(ctx.state, ctx.pveNode().name, vmid)
    const authpath = `/vms/${vmid}`
    const port = nextVncPort(ctx)
    const command = `/usr/bin/termproxy ${port} --path ${authpath} --perm VM.Console -- ${consoleCommand(vmid)}`
    const ticket = vncTicket(ctx, authpath)
    return { user: ctx.authid, ticket, port, upid: startProxyTask(ctx, vmid, port, command) }
  },
}
