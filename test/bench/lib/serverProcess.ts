// Servers under load run in a child process of their own, as in production, so the load generator and the
// orchestrator never share their event loop.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'

export const REPO = join(import.meta.dirname, '../../..')
/** The CLI as `npm run build` ships it. */
export const BUILT_CLI = join(REPO, 'out/main/cli.js')
const START_TIMEOUT_MS = 30_000

export interface ServerProcess {
  url: string
  pid: number
  /** Everything the server printed, for error reports. */
  output(): string
  stop(): Promise<void>
}

/**
 * Starts `node args…` and resolves once a stdout line is JSON with a `url` and `msg` matching `readyMessage`
 * (pino's format, which the bare baseline imitates).
 */
export async function startServerProcess(args: string[], env: Record<string, string>, readyMessage: string): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  let ready: ((url: string) => void) | undefined
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${args.join(' ')} did not start listening within ${START_TIMEOUT_MS} ms:\n${log}`))
    }, START_TIMEOUT_MS)
    ready = (address) => {
      clearTimeout(timer)
      resolve(address)
    }
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${args.join(' ')} exited with ${code} before listening:\n${log}`))
    })
  })
  const collect = (chunk: Buffer) => {
    log += chunk.toString()
    if (ready) {
      const line = log.split('\n').find((l) => l.includes(readyMessage) && l.includes('"url"'))
      if (line) {
        ready((JSON.parse(line) as { url: string }).url)
        ready = undefined
      }
    }
    // Keep draining so a chatty server never blocks on a full pipe, but keep only the tail.
    if (!ready) log = log.slice(-20_000)
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  return {
    url: await url,
    pid: child.pid!,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    },
  }
}
