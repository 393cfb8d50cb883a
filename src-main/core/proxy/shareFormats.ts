// Client formats for one user's endpoints, following ../shared/proxy/NOTES.md (official URI, mihomo, sing-box).
import { stringify } from 'yaml'
import type { ProxyEndpoint } from '@shared/domain/proxy'

export type EndpointTarget = Omit<ProxyEndpoint, 'uri'>

export interface ProxyCredentials {
  username: string
  proxyPassword: string
}

/** Hysteria joins URI userinfo `user:pass` back into the auth string our endpoint splits. */
function authString(credentials: ProxyCredentials): string {
  return `${credentials.username}:${credentials.proxyPassword}`
}

function uriHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

export function hysteriaUri(target: EndpointTarget, credentials: ProxyCredentials): string {
  const userinfo = `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.proxyPassword)}`
  const query = new URLSearchParams()
  if (target.salamander !== null) {
    query.set('obfs', 'salamander')
    query.set('obfs-password', target.salamander)
  }
  if (target.sni !== null) query.set('sni', target.sni)
  query.set('insecure', '0')
  return `hysteria2://${userinfo}@${uriHost(target.host)}:${target.port}/?${query.toString()}#${encodeURIComponent(target.name)}`
}

/** The classic subscription body: one URI per line, base64 encoded. */
export function uriSubscription(endpoints: ProxyEndpoint[]): string {
  return Buffer.from(endpoints.map((e) => e.uri).join('\n'), 'utf8').toString('base64')
}

export function clashSubscription(endpoints: EndpointTarget[], credentials: ProxyCredentials): string {
  const proxies = endpoints.map((e) => {
    const proxy: Record<string, unknown> = {
      name: e.name,
      type: 'hysteria2',
      server: e.host,
      port: e.port,
      password: authString(credentials),
    }
    if (e.salamander !== null) {
      proxy.obfs = 'salamander'
      proxy['obfs-password'] = e.salamander
    }
    if (e.sni !== null) proxy.sni = e.sni
    proxy['skip-cert-verify'] = false
    proxy.alpn = ['h3']
    return proxy
  })
  const names = proxies.map((p) => p.name as string)
  return stringify({
    proxies,
    'proxy-groups': [{ name: 'proxdesk', type: 'select', proxies: names.length > 0 ? names : ['DIRECT'] }],
    rules: ['MATCH,proxdesk'],
  })
}

export function singboxSubscription(endpoints: EndpointTarget[], credentials: ProxyCredentials): string {
  const outbounds = endpoints.map((e) => {
    const outbound: Record<string, unknown> = {
      type: 'hysteria2',
      tag: e.name,
      server: e.host,
      server_port: e.port,
      password: authString(credentials),
    }
    if (e.salamander !== null) outbound.obfs = { type: 'salamander', password: e.salamander }
    const tls: Record<string, unknown> = { enabled: true, insecure: false, alpn: ['h3'] }
    if (e.sni !== null) tls.server_name = e.sni
    outbound.tls = tls
    return outbound
  })
  return JSON.stringify({ outbounds }, null, 2)
}
