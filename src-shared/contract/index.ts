// THE API contract: IPC, REST and the renderer's client are all derived from this one object.
import { z } from 'zod'
import { defineOperation as op } from './operation'
import * as users from '../domain/users'
import * as nodes from '../domain/nodes'
import * as proxy from '../domain/proxy'
import * as audit from '../domain/audit'

const empty = z.strictObject({})
const page = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), total: z.number().int() })

export const contract = {
  'auth.login': op({
    summary: 'Log in with username and password; returns a bearer token',
    access: 'public',
    // Any length: legacy passwords predate our rules, and a wrong guess must look like any other.
    input: z.strictObject({
      username: z.string().trim().min(1, 'required').max(64, 'at most 64 characters'),
      password: z.string().min(1, 'required').max(128, 'at most 128 characters'),
    }),
    output: z.strictObject({ token: z.string(), expires_at: z.number().int(), user: users.userView }),
    errors: ['UNAUTHENTICATED', 'THROTTLED'],
    http: { method: 'POST', path: '/api/login' },
  }),
  'auth.logout': op({
    summary: 'End the current session',
    access: 'user',
    input: empty,
    output: z.null(),
    errors: ['UNAUTHENTICATED'],
    http: { method: 'POST', path: '/api/logout', status: 204 },
  }),
  'users.me': op({
    summary: 'The logged-in user',
    access: 'user',
    input: empty,
    output: users.userView,
    errors: ['UNAUTHENTICATED'],
    http: { method: 'GET', path: '/api/users/me' },
  }),
  'users.rotateMySubToken': op({
    summary: 'Replace the logged-in user’s subscription token; the old link stops working',
    access: 'user',
    input: empty,
    output: proxy.subTokenOutput,
    errors: ['UNAUTHENTICATED'],
    http: { method: 'POST', path: '/api/users/me/sub-token' },
  }),
  'users.list': op({
    summary: 'Page through users',
    access: 'admin',
    input: users.listUsersInput,
    output: page(users.userView),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/users' },
  }),
  'users.get': op({
    summary: 'One user',
    access: 'admin',
    input: users.idInput,
    output: users.userView,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/users/{id}' },
  }),
  'users.create': op({
    summary: 'Create a user (or import a legacy one by login_password_md5); returns its proxy secrets once',
    access: 'admin',
    input: users.createUserInput,
    output: users.userWithSecrets,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT'],
    http: { method: 'POST', path: '/api/users', status: 201 },
  }),
  'users.update': op({
    summary: 'Change some fields of a user',
    access: 'admin',
    input: users.updateUserInput,
    output: users.userView,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'PUT', path: '/api/users/{id}' },
  }),
  'users.delete': op({
    summary: 'Delete a user and end its sessions',
    access: 'admin',
    input: users.idInput,
    output: z.null(),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'DELETE', path: '/api/users/{id}', status: 204 },
  }),
  'users.rotateSubToken': op({
    summary: 'Replace a user’s subscription token',
    access: 'admin',
    input: users.idInput,
    output: proxy.subTokenOutput,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'POST', path: '/api/users/{id}/sub-token' },
  }),
  'users.proxyConfig': op({
    summary: 'A user’s proxy configuration, as that user would get it',
    access: 'admin',
    input: users.idInput,
    output: proxy.proxyConfig,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/users/{id}/proxy-config' },
  }),
  'nodes.list': op({
    summary: 'Page through node records; plain users see only active ones without business fields',
    access: 'user',
    input: nodes.listNodesInput,
    output: page(z.union([nodes.nodeAdminView, nodes.nodeUserView])),
    errors: ['UNAUTHENTICATED'],
    http: { method: 'GET', path: '/api/nodes' },
  }),
  'nodes.create': op({
    summary: 'Add an address record to a node group (an existing group’s shared attributes win)',
    access: 'admin',
    input: nodes.createNodeInput,
    output: nodes.nodeAdminView,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT'],
    http: { method: 'POST', path: '/api/nodes', status: 201 },
  }),
  'nodes.update': op({
    summary: 'Change a node record; shared attributes propagate to its whole group',
    access: 'admin',
    input: nodes.updateNodeInput,
    output: nodes.nodeAdminView,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'PUT', path: '/api/nodes/{id}' },
  }),
  'nodes.delete': op({
    summary: 'Delete a node record',
    access: 'admin',
    input: users.idInput,
    output: z.null(),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'DELETE', path: '/api/nodes/{id}', status: 204 },
  }),
  'nodeGroups.list': op({
    summary: 'One row per node group with its shared attributes, counts and Hysteria 2 server snippet',
    access: 'admin',
    input: empty,
    output: z.strictObject({ items: z.array(nodes.nodeGroupView) }),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/node-groups' },
  }),
  'nodeGroups.rotateKey': op({
    summary: 'Replace a group’s node key; its Hysteria servers need the new auth URL',
    access: 'admin',
    input: nodes.serverGroupInput,
    output: proxy.nodeKeyOutput,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'POST', path: '/api/node-groups/{server_group}/node-key' },
  }),
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
  'audit.list': op({
    summary: 'Page through the audit log, newest first',
    access: 'admin',
    input: audit.listAuditInput,
    output: page(audit.auditEntry),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/audit' },
  }),
}

export type Contract = typeof contract
export type OperationName = keyof Contract
/** What a caller sends (before defaults and coercion). */
export type InputOf<N extends OperationName> = z.input<Contract[N]['input']>
/** What a handler receives (validated, defaults applied). */
export type ParsedInputOf<N extends OperationName> = z.output<Contract[N]['input']>
export type OutputOf<N extends OperationName> = z.output<Contract[N]['output']>

export const OPERATION_NAMES = Object.keys(contract) as OperationName[]
