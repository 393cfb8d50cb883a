// The container lifecycle: provisioning and termination as journaled sagas, power, suspend and unsuspend.
import { AppError } from '@shared/errors'
import type { AllocationPreview, ContainerView, CreateContainerInput, ListContainersInput } from '@shared/domain/containers'
import type { Database } from '../db/database'
import type { AuditLog } from '../audit/auditLog'
import type { FieldCipher } from '../secrets/fieldCipher'
import type { CallContext } from '../actor'
import type { Logger } from '../logger'
import type { PoolService } from '../pools/poolService'
import type { NatService } from '../nat/natService'
import type { ConnectionService } from '../pve/connectionService'
import type { PlanRow, PlanService } from '../plans/planService'
import type { WaitForTaskOptions } from '../pve/tasks'
import { toContainerView, type ContainerRow } from './containerView'
import { likeContains } from '../db/like'
import { createSteps, containerOwner, planSwap, type TransientCreateInput } from './createSteps'
import { containerDescription, destroyContainerIfPresent, removePveUser, runTask } from './pveSteps'
import { SagaJournal } from './sagaJournal'
import { canResume, describeError, runSteps, undoSteps, type SagaStep } from './saga'

export type PowerAction = 'start' | 'shutdown' | 'reboot' | 'stop'

export class ContainerService {
  /** Sagas in flight in this process, so callers (and tests) can wait for one to settle. */
  private readonly inFlight = new Map<number, Promise<void>>()

  constructor(
    private readonly db: Database,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditLog,
    private readonly plans: PlanService,
    private readonly pools: PoolService,
    private readonly connections: ConnectionService,
    private readonly nat: NatService,
    private readonly logger: Logger,
    private readonly wait: WaitForTaskOptions = {},
    /**
     * Pauses before an undo that failed is tried again in this process: the usual cause (PVE still holds the CT
     * lock for a create task whose poll failed, a router that blinked) clears within seconds.
     */
    private readonly undoRetryDelaysMs: readonly number[] = [2_000, 10_000, 30_000],
  ) {}

  requireRow(id: number): ContainerRow {
    const row = this.db.first(this.db.qb.selectFrom('containers').selectAll().where('id', '=', id))
    if (!row) throw new AppError('NOT_FOUND', `container ${id} does not exist`, { fields: { id: 'no such container' } })
    return row
  }

  view(row: ContainerRow): ContainerView {
    const networkMode = this.plans.requireRow(row.plan_id).network_mode
    const ssh = networkMode === 'nat' ? this.nat.sshEndpoint(row.id) : row.ip_address && { host: row.ip_address, port: 22 }
    return toContainerView(this.db, row, networkMode, ssh || null)
  }

  get(id: number): ContainerView {
    return this.view(this.requireRow(id))
  }

  list(input: ListContainersInput): { items: ContainerView[]; total: number } {
    let filtered = this.db.qb.selectFrom('containers')
    if (input.state) filtered = filtered.where('state', '=', input.state)
    else filtered = filtered.where('state', '<>', 'deleted')
    if (input.plan_id) filtered = filtered.where('plan_id', '=', input.plan_id)
    if (input.q) {
      const q = input.q
      filtered = filtered.where((eb) => eb.or([likeContains('hostname', q), eb('ip_address', '=', q), likeContains('owner_label', q)]))
    }
    const total = this.db.first(filtered.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0
    const rows = this.db.all(filtered.selectAll().orderBy('id', 'desc').limit(input.page_size).offset((input.page - 1) * input.page_size))
    return { items: rows.map((row) => this.view(row)), total }
  }

  /**
   * What the next create from the plan would be given, chosen exactly as its saga steps choose (VMIDs in use on
   * the cluster skipped, lowest free address, lowest free port for the SSH mapping), reserving nothing.
   */
  async previewAllocation(planId: number): Promise<AllocationPreview> {
    const plan = this.plans.requireRow(planId)
    const used = new Set((await this.connections.client(plan.connection_id).clusterResources('vm')).map((guest) => Number(guest.vmid)))
    const vmid = this.pools.peekLowest(plan.vmid_pool_id, { taken: used })
    const ip = this.pools.peekLowest(plan.ip_pool_id)
    const address = { vmid: vmid.slot, ip_address: ip.value, prefix_length: ip.prefix_length ?? null, gateway: ip.gateway ?? null }
    if (plan.network_mode !== 'nat' || plan.router_id === null || plan.port_pool_id === null) return { ...address, ssh_host: ip.value, ssh_port: 22 }
    const router = this.db.first(this.db.qb.selectFrom('routers').select('public_host').where('id', '=', plan.router_id))
    if (!router) throw new AppError('NOT_FOUND', `router ${plan.router_id} of plan ${plan.name} does not exist`)
    return { ...address, ssh_host: router.public_host, ssh_port: await this.nat.nextFreePort(plan.router_id, plan.port_pool_id, 'tcp') }
  }

  /** Waits until this process has no saga running for the container. */
  async settled(id: number): Promise<void> {
    await this.inFlight.get(id)
  }

  private track(id: number, work: () => Promise<void>): void {
    const promise = work()
      .catch((error: unknown) => this.logger.error({ err: error, container: id }, 'container saga crashed'))
      .finally(() => this.inFlight.delete(id))
    this.inFlight.set(id, promise)
  }

  private setState(id: number, state: ContainerRow['state'], lastError: string | null = null): void {
    this.db.run(this.db.qb.updateTable('containers').set({ state, last_error: lastError }).where('id', '=', id))
  }

  create(input: CreateContainerInput, ctx: CallContext): ContainerView {
    const plan = this.plans.requireRow(input.plan_id, 'plan_id')
    const templates = JSON.parse(plan.templates) as string[]
    if (!templates.includes(input.template)) {
      throw new AppError('VALIDATION', 'template: not offered by this plan', { fields: { template: `one of ${templates.join(', ')}` } })
    }
    const memory = input.memory_mb ?? plan.memory_mb
    const id = Number(
      this.db.run(
        this.db.qb.insertInto('containers').values({
          connection_id: plan.connection_id,
          plan_id: plan.id,
          pve_node: plan.pve_node,
          hostname: input.hostname,
          template: input.template,
          owner_label: input.owner_label ?? null,
          cores: input.cores ?? plan.cores,
          memory_mb: memory,
          disk_gb: input.disk_gb ?? plan.disk_gb,
          swap_mb: planSwap(plan, memory),
          state: 'creating',
        }),
      ).lastInsertRowid,
    )
    this.audit.record({ kind: 'container.create', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'container', targetId: id, detail: { plan: plan.name, hostname: input.hostname } })
    this.track(id, () => this.provision(id, plan, { password: input.password, sshPublicKeys: input.ssh_public_keys }))
    return this.get(id)
  }

  private createSaga(id: number, plan: PlanRow, transient: TransientCreateInput | null): { journal: SagaJournal; steps: SagaStep[] } {
    const steps = createSteps({
      db: this.db,
      cipher: this.cipher,
      pools: this.pools,
      nat: this.nat,
      client: this.connections.client(plan.connection_id),
      plan,
      containerId: id,
      transient,
      wait: this.wait,
    })
    return { journal: new SagaJournal(this.db, id, 'create'), steps }
  }

  private async provision(id: number, plan: PlanRow, transient: TransientCreateInput | null): Promise<void> {
    const { journal, steps } = this.createSaga(id, plan, transient)
    try {
      await runSteps(journal, steps)
      this.setState(id, 'running')
    } catch (error) {
      const reason = describeError(error)
      this.logger.warn({ container: id, reason }, 'container create failed; undoing')
      await this.rollBack(id, journal, steps, reason)
    }
  }

  private async rollBack(id: number, journal: SagaJournal, steps: SagaStep[], reason: string): Promise<void> {
    for (const retryDelayMs of [...this.undoRetryDelaysMs, null]) {
      try {
        await undoSteps(journal, steps)
        this.setState(id, 'failed', reason)
        return
      } catch (undoError) {
        // Left in 'creating' with the journal intact, so a later attempt continues where this one stopped.
        this.db.run(this.db.qb.updateTable('containers').set({ last_error: `${reason}; undo incomplete: ${describeError(undoError)}` }).where('id', '=', id))
        if (retryDelayMs === null) {
          this.logger.error({ container: id, err: undoError }, 'container undo incomplete; will retry on next start')
          return
        }
        this.logger.warn({ container: id, err: undoError, retryDelayMs }, 'container undo incomplete; retrying')
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs))
      }
    }
  }

  terminate(id: number, ctx: CallContext): ContainerView {
    const row = this.requireRow(id)
    if (row.state === 'creating' || this.inFlight.has(id)) throw new AppError('CONFLICT', 'the container is still being worked on; try again when it settles', { fields: { id: 'busy' } })
    if (row.state === 'deleted') throw new AppError('NOT_FOUND', `container ${id} is already deleted`, { fields: { id: 'already deleted' } })
    this.setState(id, 'deleting')
    this.audit.record({ kind: 'container.delete', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'container', targetId: id, detail: { vmid: row.vmid, hostname: row.hostname } })
    this.track(id, () => this.destroy(id))
    return this.get(id)
  }

  private async destroy(id: number): Promise<void> {
    const row = this.requireRow(id)
    const client = this.connections.client(row.connection_id)
    const journal = new SagaJournal(this.db, id, 'terminate')
    const usesNat = this.plans.requireRow(row.plan_id).network_mode === 'nat'
    const steps: SagaStep[] = [
      ...(usesNat ? [{ name: 'remove_nat', run: () => this.nat.removeAll(id), undo: async () => {} }] : []),
      { name: 'destroy_ct', run: async () => (row.vmid === null ? undefined : destroyContainerIfPresent(client, row.vmid, containerDescription(id), this.wait)), undo: async () => {} },
      { name: 'remove_pve_user', run: async () => (row.pve_userid ? removePveUser(client, row.pve_userid) : undefined), undo: async () => {} },
      { name: 'release_allocations', run: async () => void this.db.transaction(() => this.pools.releaseOwner(containerOwner(id))), undo: async () => {} },
    ]
    try {
      await runSteps(journal, steps)
      this.setState(id, 'deleted')
    } catch (error) {
      // Termination only goes forward: it stays 'deleting' and can be retried.
      this.setState(id, 'deleting', describeError(error))
    }
  }

  async power(id: number, action: PowerAction, ctx: CallContext): Promise<{ upid: string; ok: boolean; exitstatus: string }> {
    const row = this.requireSettled(id)
    if (row.state === 'suspended' && action !== 'stop') throw new AppError('CONFLICT', 'the container is suspended; unsuspend it first', { fields: { id: 'suspended' } })
    if (row.state !== 'running' && row.state !== 'stopped' && row.state !== 'suspended') throw new AppError('CONFLICT', `the container is ${row.state}`, { fields: { id: row.state } })
    const client = this.connections.client(row.connection_id)
    const vmid = row.vmid!
    const upid = await {
      start: () => client.startLxc(row.pve_node, vmid),
      shutdown: () => client.shutdownLxc(row.pve_node, vmid),
      reboot: () => client.rebootLxc(row.pve_node, vmid),
      stop: () => client.stopLxc(row.pve_node, vmid),
    }[action]()
    const result = await client.waitForTask(upid, this.wait)
    if (result.ok && row.state !== 'suspended') this.setState(id, action === 'shutdown' || action === 'stop' ? 'stopped' : 'running')
    this.audit.record({ kind: 'container.power', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'container', targetId: id, detail: { action, ok: result.ok, exitstatus: result.exitstatus } })
    return { upid, ok: result.ok, exitstatus: result.exitstatus }
  }

  private requireSettled(id: number): ContainerRow {
    const row = this.requireRow(id)
    if (this.inFlight.has(id) || row.state === 'creating' || row.state === 'deleting') {
      throw new AppError('CONFLICT', 'the container is still being worked on; try again when it settles', { fields: { id: 'busy' } })
    }
    if (row.state === 'deleted' || row.state === 'failed') throw new AppError('CONFLICT', `the container is ${row.state}`, { fields: { id: row.state } })
    return row
  }

  /** The seed's suspend was a hard stop only; here the console user is disabled too, and unsuspend undoes both. */
  async suspend(id: number, ctx: CallContext): Promise<ContainerView> {
    const row = this.requireSettled(id)
    if (row.state === 'suspended') return this.view(row)
    const client = this.connections.client(row.connection_id)
    const status = await client.lxcStatus(row.pve_node, row.vmid!)
    if (status.status === 'running') await runTask(client, await client.stopLxc(row.pve_node, row.vmid!), 'stop the container', this.wait)
    if (this.usesNat(row)) await this.nat.setEnabled(id, false)
    if (row.pve_userid) await client.updateUser(row.pve_userid, { enable: false })
    this.setState(id, 'suspended')
    this.audit.record({ kind: 'container.suspend', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'container', targetId: id })
    return this.get(id)
  }

  async unsuspend(id: number, ctx: CallContext): Promise<ContainerView> {
    const row = this.requireSettled(id)
    if (row.state !== 'suspended') throw new AppError('CONFLICT', 'the container is not suspended', { fields: { id: row.state } })
    const client = this.connections.client(row.connection_id)
    if (row.pve_userid) await client.updateUser(row.pve_userid, { enable: true })
    if (this.usesNat(row)) await this.nat.setEnabled(id, true)
    await runTask(client, await client.startLxc(row.pve_node, row.vmid!), 'start the container', this.wait)
    this.setState(id, 'running')
    this.audit.record({ kind: 'container.unsuspend', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'container', targetId: id })
    return this.get(id)
  }

  private usesNat(row: ContainerRow): boolean {
    return this.plans.requireRow(row.plan_id).network_mode === 'nat'
  }

  /**
   * After a restart: creates interrupted before the root password was used are undone, later ones are
   * finished; interrupted terminations are finished. Returns the ids it handled.
   */
  async recover(): Promise<number[]> {
    const rows = this.db.all(this.db.qb.selectFrom('containers').selectAll().where('state', 'in', ['creating', 'deleting']))
    for (const row of rows) {
      if (this.inFlight.has(row.id)) continue
      if (row.state === 'deleting') {
        this.track(row.id, () => this.destroy(row.id))
        continue
      }
      const plan = this.plans.requireRow(row.plan_id)
      const { journal, steps } = this.createSaga(row.id, plan, null)
      const failed = journal.entries().some((e) => e.status === 'failed' || e.status === 'undone')
      if (!failed && canResume(journal, steps)) this.track(row.id, () => this.provision(row.id, plan, null))
      else this.track(row.id, () => this.rollBack(row.id, journal, steps, row.last_error ?? 'interrupted by a restart'))
    }
    await Promise.all(rows.map((row) => this.settled(row.id)))
    return rows.map((row) => row.id)
  }
}
