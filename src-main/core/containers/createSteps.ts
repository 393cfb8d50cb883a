// The steps of provisioning one container, each with its undo. The row in `containers` carries what the
// steps allocate (VMID, IP, PVE user), written in the same transaction as the allocation itself.
import { randomBytes } from 'node:crypto'
import { AppError } from '@shared/errors'
import type { Database } from '../db/database'
import type { FieldCipher } from '../secrets/fieldCipher'
import type { PoolService } from '../pools/poolService'
import type { NatService } from '../nat/natService'
import type { PveClient } from '../pve/pveClient'
import type { WaitForTaskOptions } from '../pve/tasks'
import { formatNet } from '../pve/propertyStrings'
import type { PlanRow } from '../plans/planService'
import type { ContainerRow } from './containerView'
import type { SagaStep } from './saga'
import { containerDescription, ensureConsoleRole, removePveUser, destroyContainerIfPresent, runTask } from './pveSteps'

export interface TransientCreateInput {
  password: string
  sshPublicKeys?: string
}

export interface CreateStepDeps {
  db: Database
  cipher: FieldCipher
  pools: PoolService
  nat: NatService
  client: PveClient
  plan: PlanRow
  containerId: number
  /** Absent when a restarted process resumes: steps that need it are then undone instead. */
  transient: TransientCreateInput | null
  wait: WaitForTaskOptions
}

export const containerOwner = (containerId: number) => `container:${containerId}`

/** The seed's three swap modes: none, a fixed 1024 MiB, or as much as memory. */
export function planSwap(plan: PlanRow, memoryMb: number): number {
  if (plan.swap_mode === 'none') return 0
  if (plan.swap_mode === '1024') return 1024
  return memoryMb
}

export function createSteps(deps: CreateStepDeps): SagaStep[] {
  const { db, pools, nat, client, plan, containerId, wait } = deps
  const owner = containerOwner(containerId)
  const row = (): ContainerRow => db.first(db.qb.selectFrom('containers').selectAll().where('id', '=', containerId))!
  const releasePool = (poolId: number) => {
    for (const allocation of pools.allocationsOf(owner)) if (allocation.pool_id === poolId) pools.release(poolId, allocation.slot, owner)
  }

  return [
    {
      name: 'allocate_vmid',
      run: async () => {
        const used = new Set((await client.clusterResources('vm')).map((guest) => Number(guest.vmid)))
        db.transaction(() => {
          const vmid = pools.allocate(plan.vmid_pool_id, owner, { taken: used })
          db.run(db.qb.updateTable('containers').set({ vmid: vmid.slot }).where('id', '=', containerId))
        })
      },
      undo: async () => db.transaction(() => releasePool(plan.vmid_pool_id)),
    },
    {
      name: 'allocate_ip',
      run: async () => {
        db.transaction(() => {
          const ip = pools.allocate(plan.ip_pool_id, owner)
          db.run(
            db.qb
              .updateTable('containers')
              .set({ ip_address: ip.value, prefix_length: ip.prefix_length ?? null, gateway: ip.gateway ?? null })
              .where('id', '=', containerId),
          )
        })
      },
      undo: async () => db.transaction(() => releasePool(plan.ip_pool_id)),
    },
    {
      name: 'create_pve_user',
      run: async () => {
        const vmid = row().vmid!
        const userid = `ct${vmid}@pve`
        const password = randomBytes(18).toString('base64url')
        // Stored before PVE hears of it, so a crash in between leaves a user we can find and delete.
        db.run(
          db.qb
            .updateTable('containers')
            .set({ pve_userid: userid, pve_user_password: deps.cipher.encrypt(password, 'containers.pve_user_password') })
            .where('id', '=', containerId),
        )
        await ensureConsoleRole(client)
        await client.createUser({ userid, password, comment: `proxdesk container ${containerId}`, enable: true })
        await client.setAcl({ path: `/vms/${vmid}`, roles: 'ProxdeskConsole', users: userid, propagate: false })
      },
      undo: async () => {
        const current = row()
        if (current.pve_userid) await removePveUser(client, current.pve_userid)
      },
    },
    {
      name: 'create_ct',
      needsTransientInput: true,
      run: async () => {
        if (!deps.transient) throw new AppError('INTERNAL', 'the root password is gone (process restarted); undoing')
        const current = row()
        const ipPool = pools.get(plan.ip_pool_id)
        const dns = plan.dns ? (JSON.parse(plan.dns) as string[]) : ipPool.kind === 'ipv4' ? ipPool.dns : []
        const net0 = formatNet({
          name: 'eth0',
          bridge: plan.bridge,
          ip: `${current.ip_address}/${current.prefix_length}`,
          gw: current.gateway ?? undefined,
          rate: plan.rate_mbps ?? undefined,
        })
        const upid = await client.createLxc(plan.pve_node, {
          vmid: current.vmid!,
          ostemplate: current.template,
          hostname: current.hostname,
          password: deps.transient.password,
          'ssh-public-keys': deps.transient.sshPublicKeys,
          cores: current.cores,
          cpulimit: plan.cpulimit,
          cpuunits: plan.cpuunits,
          memory: current.memory_mb,
          swap: current.swap_mb,
          rootfs: `${plan.storage}:${current.disk_gb}`,
          net0,
          nameserver: dns.length > 0 ? dns.join(' ') : undefined,
          features: plan.nesting === 1 ? 'nesting=1' : undefined,
          unprivileged: true,
          onboot: plan.onboot === 1,
          // Only an id: descriptions are readable by anyone with VM.Audit.
          description: containerDescription(containerId),
        })
        await runTask(client, upid, 'create the container', wait)
      },
      undo: async () => {
        const current = row()
        if (current.vmid !== null) await destroyContainerIfPresent(client, current.vmid, containerDescription(containerId), wait)
      },
    },
    {
      name: 'start_ct',
      run: async () => {
        await runTask(client, await client.startLxc(plan.pve_node, row().vmid!), 'start the container', wait)
      },
      // Destroying the container (the previous step's undo) also stops it.
      undo: async () => {},
    },
    // NAT plans: the container has only a private address, so SSH is reached through a router port.
    ...(plan.network_mode === 'nat'
      ? [
          {
            name: 'map_ssh',
            run: async () => {
              await nat.add(containerId, { purpose: 'ssh', protocol: 'tcp', internal_port: 22 }, null)
            },
            undo: () => nat.removeAll(containerId),
          },
        ]
      : []),
  ]
}
