// Test helpers for the fake's console endpoints: a `ws` client for vncwebsocket (sending the API token or the
// ticket cookie like any API call, trusting the fake's CA), a reader that waits for bytes, and the RFB VncAuth
// challenge response.

import { execFileSync } from 'node:child_process'
import { expect } from 'vitest'
import { WebSocket } from 'ws'
import type { FakePve } from './index'
import type { Credentials, PveTestClient } from './pveTestClient'

export const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'

export interface ConsoleSocketTarget {
  vmid: number
  port: number
  ticket: string
  node?: string
  as: Credentials
  protocol?: string
}

export function consoleUrl(fake: FakePve, target: { vmid: number; port: number | string; ticket: string; node?: string }): string {
  const query = new URLSearchParams({ port: String(target.port), vncticket: target.ticket })
  return `${fake.url.replace('https:', 'wss:')}/api2/json/nodes/${target.node ?? 'pve1'}/lxc/${target.vmid}/vncwebsocket?${query}`
}

function authHeaders(as: Credentials): Record<string, string> {
  if (as.kind === 'token') return { authorization: `PVEAPIToken=${as.tokenId}=${as.secret}` }
  if (as.kind === 'ticket') return { cookie: `PVEAuthCookie=${encodeURIComponent(as.ticket)}` }
  return {}
}

/** What an upgrade attempt ended with: an open socket, or the HTTP answer that refused it. */
export type UpgradeOutcome =
  | { kind: 'open'; socket: WebSocket; reader: ByteReader }
  | { kind: 'refused'; status: number; statusText: string; body: string }

export function openConsoleSocket(fake: FakePve, target: ConsoleSocketTarget): Promise<UpgradeOutcome> {
  const socket = new WebSocket(consoleUrl(fake, target), target.protocol ?? 'binary', {
    ca: fake.caPem,
    headers: authHeaders(target.as),
  })
  const reader = new ByteReader(socket)
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ kind: 'open', socket, reader }))
    socket.once('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve({ kind: 'refused', status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', body }))
    })
    socket.once('error', reject)
  })
}

/** Collects everything the server sends, and notes how the socket closed. */
export class ByteReader {
  private received = Buffer.alloc(0)
  private consumed = 0
  private waiters: Array<() => void> = []
  closed: { code: number; reason: string } | undefined
  binaryFrames = true

  constructor(socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) this.binaryFrames = false
      this.received = Buffer.concat([this.received, data])
      this.wake()
    })
    socket.on('close', (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString() }
      this.wake()
    })
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter()
  }

  /** Everything received so far, as text. */
  text(): string {
    return this.received.toString('utf8')
  }

  private async until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!done()) {
      if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting for ${what}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.text())}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Waits until the output (from the start) contains `text`. */
  async waitForText(text: string | RegExp, timeoutMs = 5000): Promise<string> {
    const matches = (): boolean => (typeof text === 'string' ? this.text().includes(text) : text.test(this.text()))
    await this.until(matches, String(text), timeoutMs)
    return this.text()
  }

  /** The next `length` bytes not read by an earlier call. */
  async read(length: number, timeoutMs = 5000): Promise<Buffer> {
    await this.until(() => this.received.length - this.consumed >= length, `${length} bytes`, timeoutMs)
    const bytes = this.received.subarray(this.consumed, this.consumed + length)
    this.consumed += length
    return bytes
  }

  async waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket did not close')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    return this.closed
  }
}

/** A termproxy input message: `0:<UTF-8 byte length>:<data>`. */
export function termData(text: string): string {
  return `0:${Buffer.byteLength(text, 'utf8')}:${text}`
}

/**
 * The VncAuth response: the 16-byte challenge DES-encrypted with the password (8 bytes, zero padded, each byte's
 * bits mirrored, as RFB specifies). Node's OpenSSL here has no DES without the legacy provider, so the openssl
 * command does it.
 */
export function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  const key = Buffer.alloc(8)
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8)
  const mirrored = Buffer.from(key.map((byte) => parseInt(byte.toString(2).padStart(8, '0').split('').reverse().join(''), 2)))
  return execFileSync('openssl', ['enc', '-des-ecb', '-provider', 'legacy', '-provider', 'default', '-K', mirrored.toString('hex'), '-nopad'], {
    input: challenge,
  })
}

/**
 * Creates CT 105 with start=1 and waits until it runs: as in PVE, the create task ends by forking a vzstart
 * task of its own, so the container runs a moment after the create task has stopped.
 */
export async function createRunningContainer(client: PveTestClient): Promise<void> {
  const created = await client.call('POST', '/nodes/pve1/lxc', { params: { vmid: 105, ostemplate: TEMPLATE, rootfs: 'local-lvm:4', start: 1 } })
  await client.waitForTask(created.json.data)
  const deadline = Date.now() + 5000
  while ((await client.call('GET', '/nodes/pve1/lxc/105/status/current')).json.data.status !== 'running') {
    if (Date.now() > deadline) throw new Error('CT 105 did not start within 5 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function opened(outcome: UpgradeOutcome): Extract<UpgradeOutcome, { kind: 'open' }> {
  if (outcome.kind !== 'open') throw new Error(`upgrade refused: ${outcome.status} ${outcome.statusText} ${outcome.body}`)
  return outcome
}

/** The RFB 3.8 handshake up to the security result, over a relayed websocket. */
export async function vncLogin(session: Extract<UpgradeOutcome, { kind: 'open' }>, password: string): Promise<number> {
  const { socket, reader } = session
  expect((await reader.read(12)).toString('latin1')).toBe('RFB 003.008\n')
  socket.send(Buffer.from('RFB 003.008\n', 'latin1'))
  const typeCount = (await reader.read(1))[0]!
  expect([...(await reader.read(typeCount))]).toEqual([2])
  socket.send(Buffer.from([2]))
  const challenge = await reader.read(16)
  socket.send(vncAuthResponse(password, challenge))
  return (await reader.read(4)).readUInt32BE(0)
}
