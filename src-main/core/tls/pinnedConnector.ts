// How the undici pool opens its TLS sockets.
//
// Without a pin: Node's normal verification against the system CA store and the host name.
//
// With a pinned fingerprint, trust is "exactly this certificate", self-signed or not, whatever its names, and
// nothing else. Node has no hook into OpenSSL's chain verification, and `rejectUnauthorized: false` would let a
// socket through before we looked at it, so instead:
//   1. Learn the pinned certificate once: readPeerCertificate() completes a handshake, sends nothing, and we keep
//      the certificate only if its SHA-256 equals the pin.
//   2. Every pool socket is then a verifying connection (`rejectUnauthorized` stays true) whose only trust
//      anchor is that certificate (`ca`, with partial chains allowed so a CA-signed leaf such as a PVE node's can
//      be the anchor), and `checkServerIdentity` compares the fingerprint again instead of the host name. A
//      mismatch destroys the socket inside the handshake, before undici gets it, so no byte of a request is ever
//      written to it.
//   3. When verification fails (the server now shows another certificate), we read the new certificate the same
//      way as in step 1, and refuse with CERTIFICATE_MISMATCH naming both fingerprints.
// TLS session resumption is off for pinned pools: a resumed session skips checkServerIdentity.
import type { Socket } from 'node:net'
import type { PeerCertificate as NodePeerCertificate } from 'node:tls'
import { buildConnector } from 'undici'
import { AppError } from '@shared/errors'
import { sameFingerprint } from './fingerprint'
import { isCertificateError } from './networkErrors'
import { readPeerCertificate, type TlsTarget } from './probeCertificate'

function certificateChanged(endpoint: string, expected: string, got: string): AppError {
  return new AppError('CERTIFICATE_MISMATCH', `the certificate of ${endpoint} changed: expected ${expected} got ${got}`)
}

function connectWith(connector: buildConnector.connector, options: buildConnector.Options): Promise<Socket> {
  return new Promise((resolve, reject) => {
    connector(options, (error, socket) => (error ? reject(error) : resolve(socket!)))
  })
}

export function createConnector(target: TlsTarget, fingerprint: string | null, timeoutMs: number): buildConnector.connector {
  if (!fingerprint) return buildConnector({ timeout: timeoutMs })
  return createPinnedConnector(target, fingerprint, timeoutMs)
}

function createPinnedConnector(target: TlsTarget, pin: string, timeoutMs: number): buildConnector.connector {
  let verifying: Promise<buildConnector.connector> | null = null

  const checkServerIdentity = (_host: string, certificate: NodePeerCertificate): Error | undefined =>
    sameFingerprint(certificate.fingerprint256, pin) ? undefined : certificateChanged(target.endpoint, pin, certificate.fingerprint256)

  const learnPinnedCertificate = async (): Promise<buildConnector.connector> => {
    const { certificate } = await readPeerCertificate(target, timeoutMs)
    if (!sameFingerprint(certificate.fingerprint256, pin)) throw certificateChanged(target.endpoint, pin, certificate.fingerprint256)
    return buildConnector({
      timeout: timeoutMs,
      ca: certificate.toString(),
      allowPartialTrustChain: true,
      checkServerIdentity,
      maxCachedSessions: 0,
    })
  }

  const learned = (): Promise<buildConnector.connector> =>
    (verifying ??= learnPinnedCertificate().catch((error: unknown) => {
      verifying = null
      throw error
    }))

  const connect = async (options: buildConnector.Options): Promise<Socket> => {
    try {
      return await connectWith(await learned(), options)
    } catch (error) {
      if (!isCertificateError(error)) throw error
      // The server's certificate is no longer the one we learned: find out what it shows now.
      verifying = null
      return connectWith(await learned(), options)
    }
  }

  return (options, callback) => {
    connect(options).then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error, null),
    )
  }
}
