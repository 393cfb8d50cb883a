import { defineOperation as op } from '../operation'
import * as proxy from '../../domain/proxy'
import { empty } from '../shapes'

export const proxyOperations = {
  'proxy.config': op({
    summary: 'The logged-in user’s usable nodes with share URIs',
    access: 'user',
    input: empty,
    output: proxy.proxyConfig,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/proxy/config' },
  }),
  'proxy.subscription': op({
    summary: 'Subscription document for proxy clients (URI list, Clash.Meta YAML or sing-box JSON)',
    access: 'public',
    input: proxy.subscriptionInput,
    output: proxy.rawDocument,
    errors: ['NOT_FOUND', 'FORBIDDEN'],
    http: { method: 'GET', path: '/sub/{sub_token}', raw: true },
  }),
  'proxy.auth': op({
    summary: 'Hysteria 2 HTTP auth backend; the node key in the path identifies the node group',
    access: 'public',
    input: proxy.hysteriaAuthInput,
    output: proxy.hysteriaAuthOutput,
    errors: [],
    http: { method: 'POST', path: '/api/proxy/auth/{node_key}' },
  }),
}
