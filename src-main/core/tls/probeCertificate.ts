// Reads a server's TLS certificate without trusting it, so the admin can compare its fingerprint and accept
// it. The handshake completes and the socket is destroyed: not one byte of HTTP is sent, so whatever answers
// learns nothing from us. This is the only place proxdesk completes a handshake it has not verified.
import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import tls from 'node:tls'
import { AppError } from '@shared/errors'
import { networkError, timeoutError, type Upstream } from './networkErrors'

export interface CertificateProbe {
  /** 'AB:CD:…' SHA-256, PVE's format (see fingerprint.ts). */
  fingerprint: string
  subject: string
  issuer: string
  /** ISO 8601. */
  validFrom: string
  validTo: string
  /** Whether the system CAs accept it for this host name, i.e. it works without pinning. */
  trustedBySystem: boolean
}

export interface PeerCertificate {
  certificate: X509Certificate
  trustedBySystem: boolean
}

export interface TlsTarget extends Upstream {
  hostname: string
  port: number
}

/** SNI is only sent for names; an IP address there is a protocol violation some servers refuse. */
export function serverName(hostname: string): string | undefined {
  return isIP(hostname) ? undefined : hostname
}

export function readPeerCertificate(target: TlsTarget, timeoutMs: number): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: target.hostname,
      port: target.port,
      servername: serverName(target.hostname),
      ALPNProtocols: ['http/1.1'],
      // Reading only: the result is shown to the admin or compared with a pin, never used to send a request.
      rejectUnauthorized: false,
    })
    const timer = setTimeout(() => socket.destroy(timeoutError(target, timeoutMs)), timeoutMs)
    socket.once('secureConnect', () => {
      clearTimeout(timer)
      const certificate = socket.getPeerX509Certificate()
      const trustedBySystem = socket.authorized
      socket.destroy()
      if (certificate) resolve({ certificate, trustedBySystem })
      else reject(new AppError('UPSTREAM_ERROR', `${target.endpoint} presented no TLS certificate`))
    })
    socket.once('error', (error) => {
      clearTimeout(timer)
      reject(networkError(error, target, timeoutMs))
    })
  })
}

const distinguishedName = (lines: string) => lines.split('\n').filter(Boolean).join(', ')

export async function probeCertificate(target: TlsTarget, timeoutMs: number): Promise<CertificateProbe> {
  const { certificate, trustedBySystem } = await readPeerCertificate(target, timeoutMs)
  return {
    fingerprint: certificate.fingerprint256,
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
    trustedBySystem,
  }
}
