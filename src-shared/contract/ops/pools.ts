import { z } from 'zod'
import { defineOperation as op } from '../operation'
import * as pools from '../../domain/pools'
import * as users from '../../domain/users'
import { page } from '../shapes'

export const poolOperations = {
  'pools.list': op({
    summary: 'Every IPv4, port and VMID pool with its usage',
    access: 'admin',
    input: pools.listPoolsInput,
    output: z.strictObject({ items: z.array(pools.poolView) }),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/pools' },
  }),
  'pools.get': op({
    summary: 'One pool with its usage',
    access: 'admin',
    input: users.idInput,
    output: pools.poolView,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/pools/{id}' },
  }),
  'pools.create': op({
    summary: 'Create a pool: IPv4 by cidr or first/last/prefix_length, or a range of ports or VMIDs',
    access: 'admin',
    input: pools.createPoolInput,
    output: pools.poolView,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT'],
    http: { method: 'POST', path: '/api/pools', status: 201 },
  }),
  'pools.update': op({
    summary: 'Change a pool (kind must be given and stays); a new layout must keep every allocation inside and handed out',
    access: 'admin',
    input: pools.updatePoolInput,
    output: pools.poolView,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'PUT', path: '/api/pools/{id}' },
  }),
  'pools.delete': op({
    summary: 'Delete a pool that has no allocations and no plan using it',
    access: 'admin',
    input: users.idInput,
    output: z.null(),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'DELETE', path: '/api/pools/{id}', status: 204 },
  }),
  'pools.allocations': op({
    summary: 'Page through a pool’s allocations by slot, with their owners',
    access: 'admin',
    input: pools.poolAllocationsInput,
    output: page(pools.poolAllocationView),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/pools/{id}/allocations' },
  }),
}
