// Wires the fake together and runs it on an HTTPS port.

import { randomBytes } from 'node:crypto'
import { createServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import type { ServerResponse } from 'node:http'
import { Authenticator } from './auth'
import { createCertificateAuthority, issueNodeCertificate } from './certificate'
import { ConsoleHub } from './console/consoleHub'
import { createUpgradeListener } from './console/websocketUpgrade'
import { FaultInjector } from './faults'
import type { FakeServices } from './handlerContext'
import type { FakePve, FakePveOptions } from './index'
import { PermissionEngine } from './permissions'
import { loadApiSchema } from './schema/loadSchema'
import { ApiRouter } from './schema/router'
import { ParamValidator } from './schema/validateParams'
import { createRequestListener, type SchemaViolation } from './server'
import { createInitialState, ROOT_TOKEN_NAME } from './state'
import { TaskRunner } from './tasks'

const DEFAULT_TASK_DURATION_MS = 150

/** A fingerprint for nodes the fake only pretends to have; the fake serves as the first node. */
function randomFingerprint(): string {
  return [...randomBytes(32)].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':')
}

export async function launchFakePve(options: FakePveOptions, port: number): Promise<FakePve> {
  const clock = options.now ?? Date.now
  const nodeNames = options.nodes ?? ['pve1']
  const localNode = nodeNames[0]
  if (!localNode) throw new Error('fake PVE: at least one node is needed')
  const ca = await createCertificateAuthority()
  let certificate = await issueNodeCertificate(ca, localNode)
  const rootPassword = randomBytes(12).toString('base64url')
  const state = createInitialState({
    nodes: nodeNames,
    now: clock(),
    rootPassword,
    fingerprintOf: (nodeName) => (nodeName === localNode ? certificate.fingerprint : randomFingerprint()),
  })

  const unknownFormats: string[] = []
  const schemaViolations: SchemaViolation[] = []
  const faults = new FaultInjector()
  const tasks = new TaskRunner(state, clock, options.taskDurationMs ?? DEFAULT_TASK_DURATION_MS)
  const permissions = new PermissionEngine(state)
  const auth = new Authenticator(state, clock)
  const consoles = new ConsoleHub({ state, clock, tasks, permissions, auth }, options.console ?? {})
  const services: FakeServices = {
    state,
    clock,
    tasks,
    faults,
    permissions,
    auth,
    validator: new ParamValidator({
      unknownFormat: (name) => {
        if (!unknownFormats.includes(name)) unknownFormats.push(name)
      },
    }),
    caPem: () => ca.certPem,
    consoles,
  }
  const heldResponses = new Set<ServerResponse>()
  const server = createServer({ key: certificate.keyPem, cert: certificate.certPem })
  const pipeline = {
    services,
    router: new ApiRouter(loadApiSchema()),
    authFailureDelayMs: options.authFailureDelayMs ?? 0,
    schemaViolations,
    heldResponses,
  }
  server.on('request', createRequestListener(pipeline))
  server.on('upgrade', createUpgradeListener(pipeline, consoles))
  const sockets = new Set<Socket>()
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  const rootToken = state.users.get('root@pam')!.tokens.get(ROOT_TOKEN_NAME)!

  const fake: FakePve = {
    url: `https://127.0.0.1:${address.port}`,
    fingerprint: certificate.fingerprint,
    caPem: ca.certPem,
    rootToken: { tokenId: `root@pam!${ROOT_TOKEN_NAME}`, secret: rootToken.secret },
    rootPassword,
    state,
    schemaViolations,
    unknownFormats,
    faults: { set: (rule) => faults.set(rule), clear: () => faults.clear() },
    rotateCertificate: async () => {
      certificate = await issueNodeCertificate(ca, localNode)
      server.setSecureContext({ key: certificate.keyPem, cert: certificate.certPem })
      fake.fingerprint = certificate.fingerprint
      state.nodes.get(localNode)!.sslFingerprint = certificate.fingerprint
      // Kept-alive connections would go on using the old certificate; new ones see the new one.
      server.closeIdleConnections()
    },
    close: async () => {
      tasks.close()
      consoles.close()
      heldResponses.clear()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return fake
}
