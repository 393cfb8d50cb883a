import { z } from 'zod'
import { defineOperation as op } from '../operation'
import * as nat from '../../domain/nat'
import { idInput } from '../../domain/users'
import { empty } from '../shapes'

const admin = ['UNAUTHENTICATED', 'FORBIDDEN'] as const
const upstream = ['UPSTREAM_ERROR', 'UPSTREAM_AUTH', 'UPSTREAM_UNREACHABLE', 'UPSTREAM_TIMEOUT', 'CERTIFICATE_MISMATCH'] as const

export const natOperations = {
  'routers.list': op({
    summary: 'iKuai routers (the password is only reported as set)',
    access: 'admin',
    input: empty,
    output: z.strictObject({ items: z.array(nat.routerView) }),
    errors: [...admin],
    http: { method: 'GET', path: '/api/routers' },
  }),
  'routers.get': op({
    summary: 'One router',
    access: 'admin',
    input: idInput,
    output: nat.routerView,
    errors: [...admin, 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/routers/{id}' },
  }),
  'routers.create': op({
    summary: 'Add an iKuai router: address, login, WAN line and the public host customers connect to',
    access: 'admin',
    input: nat.createRouterInput,
    output: nat.routerView,
    errors: [...admin, 'CONFLICT'],
    http: { method: 'POST', path: '/api/routers', status: 201 },
  }),
  'routers.update': op({
    summary: 'Change a router',
    access: 'admin',
    input: nat.updateRouterInput,
    output: nat.routerView,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'PUT', path: '/api/routers/{id}' },
  }),
  'routers.delete': op({
    summary: 'Remove a router no plan or mapping uses',
    access: 'admin',
    input: idInput,
    output: z.null(),
    errors: [...admin, 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'DELETE', path: '/api/routers/{id}', status: 204 },
  }),
  'routers.test': op({
    summary: 'Log in to the router and count its port mappings',
    access: 'admin',
    input: idInput,
    output: nat.routerTestResult,
    errors: [...admin, 'NOT_FOUND'],
    http: { method: 'POST', path: '/api/routers/{id}/test' },
  }),
  'nat.list': op({
    summary: 'A container’s port mappings',
    access: 'admin',
    input: idInput,
    output: z.strictObject({ items: z.array(nat.natMappingView) }),
    errors: [...admin, 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'GET', path: '/api/containers/{id}/nat' },
  }),
  'nat.add': op({
    summary: 'Map a port or a port range (tcp, udp or both) from the router to the container; the external port comes from the plan’s pool unless one is asked for',
    access: 'admin',
    input: nat.addMappingInput,
    output: nat.natMappingView,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', 'POOL_EXHAUSTED', ...upstream],
    http: { method: 'POST', path: '/api/containers/{id}/nat', status: 201 },
  }),
  'nat.delete': op({
    summary: 'Remove a port mapping from the router and free its ports',
    access: 'admin',
    input: nat.mappingIdInput,
    output: z.null(),
    errors: [...admin, 'NOT_FOUND', ...upstream],
    http: { method: 'DELETE', path: '/api/containers/{id}/nat/{mapping_id}', status: 204 },
  }),
  'nat.reconcile': op({
    summary: 'Compare the router’s proxdesk rules with the database: missing, orphaned and changed',
    access: 'admin',
    input: idInput,
    output: nat.reconcileReport,
    errors: [...admin, 'NOT_FOUND', ...upstream],
    http: { method: 'GET', path: '/api/routers/{id}/reconcile' },
  }),
  'nat.repair': op({
    summary: 'Make the router match the database (after the admin has seen the reconcile report)',
    access: 'admin',
    input: idInput,
    output: nat.reconcileReport,
    errors: [...admin, 'NOT_FOUND', ...upstream],
    http: { method: 'POST', path: '/api/routers/{id}/reconcile' },
  }),
}
