// iKuai routers: stored with the password encrypted, each served by one cached IkuaiClient (which also
// serializes that router's writes, so only one client per router may exist in this process).
import type { Selectable } from 'kysely'
import type { z } from 'zod'
import { AppError } from '@shared/errors'
import type { CreateRouterInput, RouterView, UpdateRouterInput, routerTestResult } from '@shared/domain/nat'
import type { Database } from '../db/database'
import type { RoutersTable } from '../db/schema'
import type { AuditLog } from '../audit/auditLog'
import type { FieldCipher } from '../secrets/fieldCipher'
import type { CallContext } from '../actor'
import { rethrowUnique } from '../db/constraints'
import { ClientCache } from '../clientCache'
import { IkuaiClient } from '../ikuai/ikuaiClient'

export type RouterRow = Selectable<RoutersTable>

const NAME_TAKEN = 'a router with this name exists'

export class RouterService {
  private readonly clients = new ClientCache<IkuaiClient>()

  constructor(
    private readonly db: Database,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditLog,
    private readonly timeoutMs = 10_000,
  ) {}

  private view(row: RouterRow): RouterView {
    const { password, ...plain } = row
    return { ...plain, has_password: password.length > 0 }
  }

  requireRow(id: number, field = 'id'): RouterRow {
    const row = this.db.first(this.db.qb.selectFrom('routers').selectAll().where('id', '=', id))
    if (!row) throw new AppError('NOT_FOUND', `router ${id} does not exist`, { fields: { [field]: 'no such router' } })
    return row
  }

  list(): RouterView[] {
    return this.db.all(this.db.qb.selectFrom('routers').selectAll().orderBy('name')).map((row) => this.view(row))
  }

  get(id: number): RouterView {
    return this.view(this.requireRow(id))
  }

  create(input: CreateRouterInput, ctx: CallContext): RouterView {
    return this.db.transaction(() => {
      let id: number
      try {
        id = Number(
          this.db.run(
            this.db.qb.insertInto('routers').values({
              name: input.name,
              base_url: input.base_url,
              username: input.username,
              password: this.cipher.encrypt(input.password, 'routers.password'),
              fingerprint: input.fingerprint ?? null,
              wan_interface: input.wan_interface,
              public_host: input.public_host,
            }),
          ).lastInsertRowid,
        )
      } catch (error) {
        rethrowUnique(error, 'name', NAME_TAKEN)
      }
      const view = this.get(id)
      this.audit.record({ kind: 'router.create', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'router', targetId: id, detail: { after: view } })
      return view
    })
  }

  update(input: UpdateRouterInput, ctx: CallContext): RouterView {
    return this.db.transaction(() => {
      const before = this.requireRow(input.id)
      const { id, password, ...fields } = input
      const changes: Partial<RouterRow> = { ...fields }
      if (password !== undefined) changes.password = this.cipher.encrypt(password, 'routers.password')
      try {
        if (Object.keys(changes).length > 0) this.db.run(this.db.qb.updateTable('routers').set(changes).where('id', '=', id))
      } catch (error) {
        rethrowUnique(error, 'name', NAME_TAKEN)
      }
      this.clients.drop(id)
      const after = this.get(id)
      this.audit.record({ kind: 'router.update', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'router', targetId: id, detail: { changed: Object.keys(input).filter((k) => k !== 'id'), before: this.view(before), after } })
      return after
    })
  }

  delete(id: number, ctx: CallContext): void {
    this.db.transaction(() => {
      const before = this.requireRow(id)
      const inUse =
        this.db.first(this.db.qb.selectFrom('nat_mappings').select('id').where('router_id', '=', id).limit(1)) ??
        this.db.first(this.db.qb.selectFrom('plans').select('id').where('router_id', '=', id).limit(1))
      if (inUse) throw new AppError('CONFLICT', 'plans or port mappings still use this router', { fields: { id: 'in use' } })
      this.db.run(this.db.qb.deleteFrom('routers').where('id', '=', id))
      this.clients.drop(id)
      this.audit.record({ kind: 'router.delete', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'router', targetId: id, detail: { before: this.view(before) } })
    })
  }

  client(id: number): IkuaiClient {
    const row = this.requireRow(id, 'router_id')
    return this.clients.get(
      id,
      row.updated_at,
      () =>
        new IkuaiClient({
          baseUrl: row.base_url,
          username: row.username,
          password: this.cipher.decrypt(row.password, 'routers.password'),
          fingerprint: row.fingerprint,
          timeoutMs: this.timeoutMs,
        }),
    )
  }

  /** Logs in and counts the router's port mappings: proves the address, credentials and certificate. */
  async test(id: number): Promise<z.infer<typeof routerTestResult>> {
    try {
      const client = this.client(id)
      const { generation } = await client.login()
      const rules = await client.listDnat()
      return { reachable: true, generation, rule_count: rules.length, error: null }
    } catch (error) {
      const known = error instanceof AppError
      return {
        reachable: known && error.code !== 'UPSTREAM_UNREACHABLE' && error.code !== 'UPSTREAM_TIMEOUT',
        generation: null,
        rule_count: null,
        error: known ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'unexpected failure' },
      }
    }
  }

  async close(): Promise<void> {
    await this.clients.closeAll()
  }
}
