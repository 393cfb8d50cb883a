// Runs wrk against a local URL with a Lua script whose done() prints one `WRK_JSON {…}` line.
import { spawn } from 'node:child_process'

export interface WrkOptions {
  url: string
  script: string
  connections: number
  threads: number
  durationSeconds: number
  env?: Record<string, string>
}

export interface WrkResult {
  requests: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** Socket connect, read and write errors and timeouts. */
  socketErrors: number
  /** Responses with a status of 400 or more. */
  errorStatuses: number
  /** Responses other than 200, when the script was asked to count them (WRK_COUNT_STATUSES). */
  non200: number | null
}

interface DoneLine {
  requests: number
  duration_us: number
  connect_errors: number
  read_errors: number
  write_errors: number
  timeouts: number
  status_errors: number
  non_200: number | null
  p50_us: number
  p99_us: number
  max_us: number
}

export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const url = new URL(options.url)
  if (url.hostname !== '127.0.0.1') throw new Error(`load tests target 127.0.0.1 only, not ${url.hostname}`)
  const args = ['-t', String(options.threads), '-c', String(options.connections), '-d', `${options.durationSeconds}s`, '--timeout', '5s', '-s', options.script, options.url]
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (error) => reject(new Error(`cannot run wrk (scripts/setup.sh installs it): ${error.message}`)))
    child.on('close', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('WRK_JSON '))
      if (code !== 0 || !line) return reject(new Error(`wrk exited with ${code}:\n${output}`))
      const done = JSON.parse(line.slice('WRK_JSON '.length)) as DoneLine
      resolve({
        requests: done.requests,
        requestsPerSecond: done.requests / (done.duration_us / 1e6),
        p50Ms: done.p50_us / 1000,
        p99Ms: done.p99_us / 1000,
        maxMs: done.max_us / 1000,
        socketErrors: done.connect_errors + done.read_errors + done.write_errors + done.timeouts,
        errorStatuses: done.status_errors,
        non200: done.non_200,
      })
    })
  })
}
