// One termproxy connection: the `USER:TICKET\n` line, `OK`, then a real shell on a pseudo-terminal standing in
// for `lxc-console` inside the container. The shell dies with the socket.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn, type IPty } from 'node-pty'
import type { WebSocket } from 'ws'
import { TermInputParser, TermProtocolError } from './termInput'

/** termproxy waits this long for the auth line after the websocket connects. */
const AUTH_LINE_TIMEOUT_MS = 10_000
const MAX_AUTH_LINE_BYTES = 4096

export interface TerminalSessionOptions {
  vmid: number
  /** A stopped container's lxc-console prints why and exits, which ends the session right after `OK`. */
  running: boolean
  /** Checks `USER` and `TICKET` of the auth line as termproxy does through `/access/vncticket`. */
  verifyLogin: (user: string, ticket: string) => boolean
  onEnd: () => void
}

function startShell(vmid: number, home: string): IPty {
  return spawn('bash', ['--norc', '--noprofile', '-i'], {
    name: 'xterm-256color',
    cols: 80,
    rows: 24,
    cwd: home,
    encoding: null,
    env: {
      HOME: home,
      TERM: 'xterm-256color',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      PS1: `root@ct${vmid}:\\w# `,
    },
  })
}

export function runTerminalSession(socket: WebSocket, options: TerminalSessionOptions): void {
  let authLine: Buffer = Buffer.alloc(0)
  let shell: IPty | undefined
  let home: string | undefined
  const parser = new TermInputParser()
  let ended = false

  const end = (): void => {
    if (ended) return
    ended = true
    clearTimeout(authTimer)
    shell?.kill()
    if (home) rmSync(home, { recursive: true, force: true })
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close()
    options.onEnd()
  }
  const authTimer = setTimeout(end, AUTH_LINE_TIMEOUT_MS)

  const feed = (bytes: Buffer): void => {
    try {
      for (const input of parser.push(bytes)) {
        if (input.kind === 'data') shell!.write(input.bytes)
        else if (input.kind === 'resize' && input.cols > 0 && input.rows > 0) shell!.resize(input.cols, input.rows)
      }
    } catch (error) {
      if (!(error instanceof TermProtocolError)) throw error
      end()
    }
  }

  const login = (bytes: Buffer): void => {
    authLine = Buffer.concat([authLine, bytes])
    const newline = authLine.indexOf(0x0a)
    if (newline === -1) {
      if (authLine.length > MAX_AUTH_LINE_BYTES) end()
      return
    }
    const line = authLine.subarray(0, newline).toString('utf8')
    const separator = line.indexOf(':')
    if (separator <= 0 || !options.verifyLogin(line.slice(0, separator), line.slice(separator + 1))) {
      end()
      return
    }
    clearTimeout(authTimer)
    if (!options.running) {
      socket.send(Buffer.from(`OKlxc-console: ${options.vmid}: ../src/lxc/tools/lxc_console.c: lxc_console_main: 131 ${options.vmid} is not running\r\n`))
      end()
      return
    }
    home = mkdtempSync(join(tmpdir(), `fake-pve-ct${options.vmid}-`))
    shell = startShell(options.vmid, home)
    // With `encoding: null` node-pty hands over the raw bytes, which is what termproxy forwards.
    shell.onData((output) => socket.send(output as unknown as Buffer, { binary: true }))
    shell.onExit(end)
    socket.send(Buffer.from('OK'), { binary: true })
    const rest = authLine.subarray(newline + 1)
    if (rest.length > 0) feed(rest)
  }

  socket.on('message', (data: Buffer) => (shell ? feed(data) : login(data)))
  socket.on('close', end)
  socket.on('error', end)
}
