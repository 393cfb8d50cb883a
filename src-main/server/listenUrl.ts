import type { AddressInfo } from 'node:net'

/** The host part of a URL for a listen address: a wildcard is reached on loopback, IPv6 goes in brackets. */
export function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

/** The URL of a listening server, with the port the OS chose when 0 was asked for. */
export function listeningUrl(host: string, address: AddressInfo | string | null, requestedPort: number): string {
  const port = typeof address === 'object' && address ? address.port : requestedPort
  return `http://${hostForUrl(host)}:${port}`
}
