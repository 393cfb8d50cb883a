import { z } from 'zod'
import { defineOperation as op } from '../operation'
import * as users from '../../domain/users'
import * as nodes from '../../domain/nodes'
import * as proxy from '../../domain/proxy'
import { empty, page } from '../shapes'

export const nodeOperations = {
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
}
