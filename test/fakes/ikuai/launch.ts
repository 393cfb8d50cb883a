// Wires the fake together and runs it on an http or https port.

import { randomBytes } from 'node:crypto'
import { createServer as createHttpServer, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { createSelfSignedCertificate } from './certificate'
import { DnatTable } from './dnatTable'
import { FaultInjector } from './faults'
import type { FakeIkuai, FakeIkuaiOptions, FakeIkuaiRule } from './index'
import { createRequestListener, type RecordedTraffic } from './server'
import { SessionStore } from './sessions'

const DEFAULT_SESSION_TTL_MS = 10 * 60_000

export async function launchFakeIkuai(options: FakeIkuaiOptions, port: number): Promise<FakeIkuai> {
  const generation = options.generation ?? 3
  const credentials = { username: options.username ?? 'admin', password: options.password ?? randomBytes(12).toString('base64url') }
  const certificate = options.https ? await createSelfSignedCertificate() : null
  const rules = new Map<number, FakeIkuaiRule>()
  const sessions = new SessionStore(options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS)
  const faults = new FaultInjector()
  const traffic: RecordedTraffic = { calls: [], logins: [], loginCount: 0, peakConcurrency: new Map() }
  const heldResponses = new Set<ServerResponse>()
  const listener = createRequestListener({
    generation,
    credentials,
    sessions,
    dnat: new DnatTable(rules, options.interfaces ?? ['wan1']),
    faults,
    traffic,
    heldResponses,
  })
  const server: Server = certificate ? createHttpsServer({ key: certificate.keyPem, cert: certificate.certPem }, listener) : createHttpServer(listener)
  const sockets = new Set<Socket>()
  server.on(certificate ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo

  return {
    url: `${certificate ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    fingerprint: certificate?.fingerprint ?? null,
    ...credentials,
    generation,
    rules,
    calls: traffic.calls,
    logins: traffic.logins,
    get loginCount() {
      return traffic.loginCount
    },
    peakConcurrency: traffic.peakConcurrency,
    expireSessions: () => sessions.expireAll(),
    faults: { set: (rule) => faults.set(rule), clear: () => faults.clear() },
    close: async () => {
      heldResponses.clear()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
