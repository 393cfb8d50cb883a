import { z } from 'zod'
import { defineOperation as op } from '../operation'
import * as containers from '../../domain/containers'
import { idInput } from '../../domain/users'
import { page } from '../shapes'
import { idParam } from '../../validators'

const admin = ['UNAUTHENTICATED', 'FORBIDDEN'] as const
const upstream = ['UPSTREAM_ERROR', 'UPSTREAM_AUTH', 'UPSTREAM_UNREACHABLE', 'UPSTREAM_TIMEOUT', 'CERTIFICATE_MISMATCH'] as const

export const containerOperations = {
  'containers.list': op({
    summary: 'Containers proxdesk manages (deleted ones only when asked for by state)',
    access: 'admin',
    input: containers.listContainersInput,
    output: page(containers.containerView),
    errors: [...admin],
    http: { method: 'GET', path: '/api/containers' },
  }),
  'containers.get': op({
    summary: 'One container with its saga steps',
    access: 'admin',
    input: idInput,
    output: containers.containerView,
    errors: [...admin, 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/containers/{id}' },
  }),
  'containers.create': op({
    summary: 'Provision a container from a plan; answers at once with state "creating" — poll until "running" or "failed"',
    access: 'admin',
    input: containers.createContainerInput,
    output: containers.containerView,
    errors: [...admin, 'NOT_FOUND'],
    http: { method: 'POST', path: '/api/containers', status: 201 },
  }),
  'containers.preview': op({
    summary:
      'What a create from this plan would get now (VMID, address, SSH endpoint), reserving nothing. The VMID skips ids in use on the PVE cluster, as the create does; a create in between may take these first',
    access: 'admin',
    input: idInput,
    output: containers.allocationPreview,
    errors: [...admin, 'NOT_FOUND', 'POOL_EXHAUSTED', ...upstream],
    http: { method: 'GET', path: '/api/plans/{id}/next-allocation' },
  }),
  'containers.delete': op({
    summary: 'Terminate: destroy the container and its PVE user, release its VMID, IP and ports; answers with state "deleting"',
    access: 'admin',
    input: idInput,
    output: containers.containerView,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'DELETE', path: '/api/containers/{id}' },
  }),
  'containers.power': op({
    summary: 'Start, shut down, reboot or stop, waiting for the PVE task',
    access: 'admin',
    input: containers.powerInput,
    output: containers.taskResult,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'POST', path: '/api/containers/{id}/power/{action}' },
  }),
  'containers.suspend': op({
    summary: 'Stop the container and disable its console user',
    access: 'admin',
    input: idInput,
    output: containers.containerView,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'POST', path: '/api/containers/{id}/suspend' },
  }),
  'containers.unsuspend': op({
    summary: 'Enable the console user again and start the container',
    access: 'admin',
    input: idInput,
    output: containers.containerView,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'POST', path: '/api/containers/{id}/unsuspend' },
  }),
  'containers.status': op({
    summary: 'Live status from PVE: CPU, memory, disk, uptime, traffic',
    access: 'admin',
    input: idInput,
    output: containers.liveStatus,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'GET', path: '/api/containers/{id}/status' },
  }),
  'containers.config': op({
    summary: 'The container configuration with network and disks parsed',
    access: 'admin',
    input: idInput,
    output: containers.containerConfig,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'GET', path: '/api/containers/{id}/config' },
  }),
  'containers.snapshots': op({
    summary: 'Snapshots, oldest first (without PVE’s "current" pseudo entry)',
    access: 'admin',
    input: idInput,
    output: z.strictObject({ items: z.array(containers.snapshotView) }),
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'GET', path: '/api/containers/{id}/snapshots' },
  }),
  'containers.createSnapshot': op({
    summary: 'Take a snapshot and wait for the task',
    access: 'admin',
    input: containers.createSnapshotInput,
    output: containers.taskResult,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'POST', path: '/api/containers/{id}/snapshots', status: 201 },
  }),
  'containers.rollbackSnapshot': op({
    summary: 'Roll back to a snapshot and wait for the task',
    access: 'admin',
    input: containers.snapshotActionInput,
    output: containers.taskResult,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'POST', path: '/api/containers/{id}/snapshots/{name}/rollback' },
  }),
  'containers.deleteSnapshot': op({
    summary: 'Delete a snapshot and wait for the task',
    access: 'admin',
    input: containers.snapshotActionInput,
    output: containers.taskResult,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'DELETE', path: '/api/containers/{id}/snapshots/{name}' },
  }),
  'containers.tasks': op({
    summary: 'The container’s PVE tasks, newest first',
    access: 'admin',
    input: z.strictObject({ id: idParam }),
    output: z.strictObject({ items: z.array(containers.taskView) }),
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'GET', path: '/api/containers/{id}/tasks' },
  }),
  'containers.taskLog': op({
    summary: 'One page of a task’s log',
    access: 'admin',
    input: containers.taskLogInput,
    output: containers.taskLogOutput,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'GET', path: '/api/containers/{id}/tasks/{upid}/log' },
  }),
  'containers.rrd': op({
    summary: 'CPU, memory, disk IO and network series for charts (hour, day, week, month or year)',
    access: 'admin',
    input: containers.rrdInput,
    output: containers.rrdOutput,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'GET', path: '/api/containers/{id}/rrd' },
  }),
  'cluster.overview': op({
    summary: 'Every guest on a PVE connection from one /cluster/resources call, matched to our containers',
    access: 'admin',
    input: z.strictObject({ id: idParam }),
    output: z.strictObject({ items: z.array(containers.clusterGuest) }),
    errors: [...admin, 'NOT_FOUND', ...upstream],
    http: { method: 'GET', path: '/api/pve/connections/{id}/guests' },
  }),
}
