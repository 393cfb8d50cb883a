// The Hysteria auth endpoint of the built server under wrk for a minute: 64 connections, the benchmark's
// request mix, after a warm-up. No socket errors, no answer other than 200, and the server's resident memory
// grows by less than 10 % over the minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareAuthFixture, type AuthFixture } from '../bench/auth/authFixture'
import { AUTH_MIX_SCRIPT, checkMixAnswers, startAuthServer } from '../bench/auth/authBench'
import { residentBytes } from '../bench/lib/processMemory'
import type { ServerProcess } from '../bench/lib/serverProcess'
import { runWrk } from '../bench/lib/wrk'

const LOAD = { connections: 64, threads: 1 }
const WARM_UP_SECONDS = 10
const SOAK_SECONDS = 60

describe('soak: the auth endpoint for a minute', () => {
  let fixture: AuthFixture
  let server: ServerProcess

  beforeAll(async () => {
    fixture = await prepareAuthFixture({ users: 100_000, nodes: 10_000 })
    server = await startAuthServer(fixture)
    await checkMixAnswers(server.url, fixture)
  })
  afterAll(async () => {
    await server?.stop()
    fixture?.remove()
  })

  it('answers every request with 200 and keeps its memory', { timeout: (WARM_UP_SECONDS + SOAK_SECONDS + 60) * 1000 }, async () => {
    const load = { url: server.url, script: AUTH_MIX_SCRIPT, env: { WRK_MIX_FILE: fixture.mixFile, WRK_COUNT_STATUSES: '1' }, ...LOAD }
    await runWrk({ ...load, durationSeconds: WARM_UP_SECONDS })
    const before = residentBytes(server.pid)
    const samples: number[] = []
    const sampler = setInterval(() => samples.push(residentBytes(server.pid)), 1000)
    const result = await runWrk({ ...load, durationSeconds: SOAK_SECONDS }).finally(() => clearInterval(sampler))
    const after = residentBytes(server.pid)
    const growth = (after - before) / before
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1)
    console.log(
      `soak: ${result.requests} requests in ${SOAK_SECONDS} s (${Math.round(result.requestsPerSecond)}/s), p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; ` +
        `RSS ${mib(before)} → ${mib(after)} MiB (${(growth * 100).toFixed(1)} %), peak ${mib(Math.max(...samples, after))} MiB`,
    )
    expect(result.requests).toBeGreaterThan(0)
    expect(result.socketErrors).toBe(0)
    expect(result.errorStatuses).toBe(0)
    expect(result.non200).toBe(0)
    expect(growth).toBeLessThan(0.1)
  })
})
