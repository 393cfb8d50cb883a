// Bench 1: the Hysteria auth endpoint of the real server (the built CLI in its own process, default log level)
// against a bare node:http server, under the same wrk load and request mix.
import { join } from 'node:path'
import { BUILT_CLI, startServerProcess, type ServerProcess } from '../lib/serverProcess'
import { runWrk, type WrkResult } from '../lib/wrk'
import { cpuMicroseconds } from '../lib/processCpu'
import { round, type BenchResult } from '../lib/benchResult'
import { prepareAuthFixture, AUTH_MIX, type AuthFixture } from './authFixture'

export const AUTH_MIX_SCRIPT = join(import.meta.dirname, 'authMix.lua')
/** One wrk thread: on a 2-core machine the load generator and the server then get a core each. */
const LOAD = { connections: 64, threads: 1, durationSeconds: 10 }
const WARM_UP_SECONDS = 3
/** Each server is measured this often, alternately, and its best round counts: other work on the machine only slows. */
const ROUNDS = 2

/** The CLI as run.ts just built it: out/main/cli.js, or the same under PROXDESK_BENCH_OUT_DIR. */
const CLI = process.env.PROXDESK_BENCH_OUT_DIR ? join(process.env.PROXDESK_BENCH_OUT_DIR, 'main/cli.js') : BUILT_CLI

export function startAuthServer(fixture: AuthFixture): Promise<ServerProcess> {
  return startServerProcess([CLI, 'serve', '--db', fixture.dbPath, '--host', '127.0.0.1', '--port', '0'], fixture.env, 'proxdesk server listening')
}

export function startBareServer(): Promise<ServerProcess> {
  return startServerProcess(['--import', 'tsx', join(import.meta.dirname, 'bareServer.ts')], {}, 'bare server listening')
}

/** One request of each kind in the mix must get the answer its kind expects, or the load measures nothing. */
export async function checkMixAnswers(url: string, fixture: AuthFixture): Promise<void> {
  for (const outcome of Object.keys(AUTH_MIX)) {
    const sample = fixture.requests.find((r) => r.outcome === outcome)!
    const response = await fetch(url + sample.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sample.body) })
    const answer = (await response.json()) as { ok: boolean }
    if (response.status !== 200 || answer.ok !== (outcome === 'valid')) {
      throw new Error(`auth mix: a ${outcome} request got ${response.status} ${JSON.stringify(answer)}`)
    }
  }
}

/** A round's wrk figures and the server's own CPU time per request: what serving costs, apart from the load generator. */
type Round = WrkResult & { serverCpuUsPerRequest: { user: number; system: number } }

async function load(server: ServerProcess, fixture: AuthFixture, durationSeconds: number): Promise<Round> {
  const before = cpuMicroseconds(server.pid)
  const result = await runWrk({ url: server.url, script: AUTH_MIX_SCRIPT, env: { WRK_MIX_FILE: fixture.mixFile }, connections: LOAD.connections, threads: LOAD.threads, durationSeconds })
  const after = cpuMicroseconds(server.pid)
  const perRequest = (used: number) => round(used / result.requests)
  return { ...result, serverCpuUsPerRequest: { user: perRequest(after.user - before.user), system: perRequest(after.system - before.system) } }
}

const best = (rounds: Round[]) => rounds.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a))
const cpuPerRequest = (result: Round) => result.serverCpuUsPerRequest.user + result.serverCpuUsPerRequest.system

function row(name: string, result: Round): Array<string | number> {
  return [name, Math.round(result.requestsPerSecond), round(result.p50Ms), round(result.p99Ms), round(cpuPerRequest(result)), result.socketErrors, result.errorStatuses]
}

export async function benchProxyAuth(): Promise<BenchResult> {
  const sizes = { users: 100_000, nodes: 10_000 }
  const fixture = await prepareAuthFixture(sizes)
  const servers: ServerProcess[] = []
  try {
    const auth = await startAuthServer(fixture)
    servers.push(auth)
    const bare = await startBareServer()
    servers.push(bare)
    await checkMixAnswers(auth.url, fixture)
    await load(auth, fixture, WARM_UP_SECONDS)
    await load(bare, fixture, WARM_UP_SECONDS)
    const rounds = { proxdesk: [] as Round[], baseline: [] as Round[] }
    for (let n = 0; n < ROUNDS; n++) {
      rounds.proxdesk.push(await load(auth, fixture, LOAD.durationSeconds))
      rounds.baseline.push(await load(bare, fixture, LOAD.durationSeconds))
    }
    const proxdesk = best(rounds.proxdesk)
    const baseline = best(rounds.baseline)
    const throughputRatio = proxdesk.requestsPerSecond / baseline.requestsPerSecond
    const p99Ratio = proxdesk.p99Ms / baseline.p99Ms
    const clean = [...rounds.proxdesk, ...rounds.baseline].every((r) => r.socketErrors + r.errorStatuses === 0)
    return {
      id: 'proxy_auth',
      title: `Proxy auth endpoint (${sizes.users.toLocaleString('en')} users, ${sizes.nodes.toLocaleString('en')} node records; wrk ${LOAD.connections} connections, ${LOAD.durationSeconds} s)`,
      target: 'throughput ≥ 0.7 × bare node:http, p99 ≤ 2 × bare',
      met: clean && throughputRatio >= 0.7 && p99Ratio <= 2,
      ratio: round(throughputRatio),
      table: {
        columns: ['server', 'requests/s', 'p50 ms', 'p99 ms', 'server CPU µs/request', 'socket errors', '4xx/5xx'],
        rows: [
          row('baseline: bare node:http, constant 200', baseline),
          row('proxdesk: POST /api/proxy/auth/{node_key}', proxdesk),
          ['ratio (proxdesk / baseline)', round(throughputRatio), round(proxdesk.p50Ms / baseline.p50Ms), round(p99Ratio), round(cpuPerRequest(proxdesk) / cpuPerRequest(baseline)), '', ''],
        ],
      },
      figures: { ...sizes, load: LOAD, mix_percent: AUTH_MIX, proxdesk, baseline, throughput_ratio: throughputRatio, p99_ratio: p99Ratio, rounds },
      notes: [
        `best of ${ROUNDS} alternating ${LOAD.durationSeconds} s rounds per server; every round is in bench-results/latest.json`,
        'server CPU: user + system time of the server process during the round (/proc), per request answered',
      ],
    }
  } finally {
    for (const server of servers) await server.stop()
    fixture.remove()
  }
}
