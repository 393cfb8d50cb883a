import { z } from 'zod'
import { defineOperation as op } from '../operation'
import * as pve from '../../domain/pve'
import * as plans from '../../domain/plans'
import { idInput } from '../../domain/users'
import { empty } from '../shapes'

const admin = ['UNAUTHENTICATED', 'FORBIDDEN'] as const

export const pveOperations = {
  'connections.list': op({
    summary: 'PVE connections (secrets are only reported as set or not)',
    access: 'admin',
    input: empty,
    output: z.strictObject({ items: z.array(pve.connectionView) }),
    errors: [...admin],
    http: { method: 'GET', path: '/api/pve/connections' },
  }),
  'connections.get': op({
    summary: 'One PVE connection',
    access: 'admin',
    input: idInput,
    output: pve.connectionView,
    errors: [...admin, 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/pve/connections/{id}' },
  }),
  'connections.create': op({
    summary: 'Add a PVE connection: an API token (user@realm!tokenid + secret) and/or a username and password',
    access: 'admin',
    input: pve.createConnectionInput,
    output: pve.connectionView,
    errors: [...admin, 'CONFLICT'],
    http: { method: 'POST', path: '/api/pve/connections', status: 201 },
  }),
  'connections.update': op({
    summary: 'Change a PVE connection; set fingerprint to pin the certificate shown by test-link',
    access: 'admin',
    input: pve.updateConnectionInput,
    output: pve.connectionView,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'PUT', path: '/api/pve/connections/{id}' },
  }),
  'connections.delete': op({
    summary: 'Remove a PVE connection no plan or container uses',
    access: 'admin',
    input: idInput,
    output: z.null(),
    errors: [...admin, 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'DELETE', path: '/api/pve/connections/{id}', status: 204 },
  }),
  'connections.test': op({
    summary: 'Show the certificate (fingerprint to accept) and, when it is trusted or pinned, the PVE version and nodes',
    access: 'admin',
    input: idInput,
    output: pve.testLinkResult,
    errors: [...admin, 'NOT_FOUND'],
    http: { method: 'POST', path: '/api/pve/connections/{id}/test' },
  }),
  'plans.list': op({
    summary: 'Container plans',
    access: 'admin',
    input: empty,
    output: z.strictObject({ items: z.array(plans.planView) }),
    errors: [...admin],
    http: { method: 'GET', path: '/api/plans' },
  }),
  'plans.get': op({
    summary: 'One plan',
    access: 'admin',
    input: idInput,
    output: plans.planView,
    errors: [...admin, 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/plans/{id}' },
  }),
  'plans.create': op({
    summary: 'Create a plan: PVE node, network, pools, resources and templates',
    access: 'admin',
    input: plans.createPlanInput,
    output: plans.planView,
    errors: [...admin, 'CONFLICT'],
    http: { method: 'POST', path: '/api/plans', status: 201 },
  }),
  'plans.update': op({
    summary: 'Change a plan (existing containers keep what they were created with)',
    access: 'admin',
    input: plans.updatePlanInput,
    output: plans.planView,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'PUT', path: '/api/plans/{id}' },
  }),
  'plans.delete': op({
    summary: 'Delete a plan no container uses',
    access: 'admin',
    input: idInput,
    output: z.null(),
    errors: [...admin, 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'DELETE', path: '/api/plans/{id}', status: 204 },
  }),
}
