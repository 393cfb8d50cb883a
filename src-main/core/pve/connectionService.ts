// PVE connections: stored with their secrets encrypted, each served by one cached PveClient.
import type { Selectable } from 'kysely'
import { AppError } from '@shared/errors'
import type { ConnectionView, CreateConnectionInput, TestLinkResult, UpdateConnectionInput } from '@shared/domain/pve'
import type { Database } from '../db/database'
import type { PveConnectionsTable } from '../db/schema'
import type { AuditLog } from '../audit/auditLog'
import type { FieldCipher } from '../secrets/fieldCipher'
import type { CallContext } from '../actor'
import { rethrowUnique } from '../db/constraints'
import { ClientCache } from '../clientCache'
import { probeCertificate } from '../tls/probeCertificate'
import { PveClient } from './pveClient'
import { parseBaseUrl, type PveConnectionConfig } from './pveConnection'

type ConnectionRow = Selectable<PveConnectionsTable>

const NAME_TAKEN = 'a connection with this name exists'

export class ConnectionService {
  private readonly clients = new ClientCache<PveClient>()

  constructor(
    private readonly db: Database,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditLog,
    private readonly timeoutMs = 15_000,
  ) {}

  private view(row: ConnectionRow): ConnectionView {
    return {
      id: row.id,
      name: row.name,
      base_url: row.base_url,
      token_id: row.token_id,
      has_token_secret: row.token_secret !== null,
      username: row.username,
      has_password: row.password !== null,
      fingerprint: row.fingerprint,
      created_at: row.created_at,
      updated_at: row.updated_at,
    }
  }

  private requireRow(id: number): ConnectionRow {
    const row = this.db.first(this.db.qb.selectFrom('pve_connections').selectAll().where('id', '=', id))
    if (!row) throw new AppError('NOT_FOUND', `PVE connection ${id} does not exist`, { fields: { id: 'no such connection' } })
    return row
  }

  list(): ConnectionView[] {
    return this.db.all(this.db.qb.selectFrom('pve_connections').selectAll().orderBy('name')).map((row) => this.view(row))
  }

  get(id: number): ConnectionView {
    return this.view(this.requireRow(id))
  }

  create(input: CreateConnectionInput, ctx: CallContext): ConnectionView {
    return this.db.transaction(() => {
      let id: number
      try {
        id = Number(
          this.db.run(
            this.db.qb.insertInto('pve_connections').values({
              name: input.name,
              base_url: input.base_url,
              token_id: input.token_id ?? null,
              token_secret: this.cipher.encryptNullable(input.token_secret, 'pve_connections.token_secret'),
              username: input.username ?? null,
              password: this.cipher.encryptNullable(input.password, 'pve_connections.password'),
              fingerprint: input.fingerprint ?? null,
            }),
          ).lastInsertRowid,
        )
      } catch (error) {
        rethrowUnique(error, 'name', NAME_TAKEN)
      }
      const view = this.view(this.requireRow(id))
      this.audit.record({ kind: 'pve_connection.create', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'pve_connection', targetId: id, detail: { after: view } })
      return view
    })
  }

  update(input: UpdateConnectionInput, ctx: CallContext): ConnectionView {
    return this.db.transaction(() => {
      const before = this.requireRow(input.id)
      const changes: Partial<ConnectionRow> = {}
      if (input.name !== undefined) changes.name = input.name
      if (input.base_url !== undefined) changes.base_url = input.base_url
      if (input.token_id !== undefined) changes.token_id = input.token_id
      if (input.token_secret !== undefined) changes.token_secret = this.cipher.encryptNullable(input.token_secret, 'pve_connections.token_secret')
      if (input.username !== undefined) changes.username = input.username
      if (input.password !== undefined) changes.password = this.cipher.encryptNullable(input.password, 'pve_connections.password')
      if (input.fingerprint !== undefined) changes.fingerprint = input.fingerprint
      const merged = { ...before, ...changes }
      if (merged.token_id === null && merged.username === null) throw new AppError('VALIDATION', 'a connection needs an API token or a username', { fields: { token_id: 'give an API token, or a username and password' } })
      if (merged.token_id !== null && merged.token_secret === null) throw new AppError('VALIDATION', 'token_secret is required with token_id', { fields: { token_secret: 'required with token_id' } })
      if (merged.username !== null && merged.password === null) throw new AppError('VALIDATION', 'password is required with username', { fields: { password: 'required with username' } })
      try {
        if (Object.keys(changes).length > 0) this.db.run(this.db.qb.updateTable('pve_connections').set(changes).where('id', '=', input.id))
      } catch (error) {
        rethrowUnique(error, 'name', NAME_TAKEN)
      }
      this.clients.drop(input.id)
      const after = this.view(this.requireRow(input.id))
      this.audit.record({
        kind: 'pve_connection.update',
        actor: ctx.actor?.username,
        ip: ctx.ip,
        targetType: 'pve_connection',
        targetId: input.id,
        detail: { changed: Object.keys(input).filter((k) => k !== 'id'), before: this.view(before), after },
      })
      return after
    })
  }

  delete(id: number, ctx: CallContext): void {
    this.db.transaction(() => {
      const before = this.requireRow(id)
      const used = this.db.first(this.db.qb.selectFrom('plans').select('id').where('connection_id', '=', id).limit(1))
      const hosts = this.db.first(this.db.qb.selectFrom('containers').select('id').where('connection_id', '=', id).where('state', '<>', 'deleted').limit(1))
      if (used || hosts) throw new AppError('CONFLICT', 'plans or containers still use this connection', { fields: { id: 'in use' } })
      this.db.run(this.db.qb.deleteFrom('pve_connections').where('id', '=', id))
      this.clients.drop(id)
      this.audit.record({ kind: 'pve_connection.delete', actor: ctx.actor?.username, ip: ctx.ip, targetType: 'pve_connection', targetId: id, detail: { before: this.view(before) } })
    })
  }

  private config(row: ConnectionRow): PveConnectionConfig {
    return {
      baseUrl: row.base_url,
      tokenId: row.token_id ?? undefined,
      tokenSecret: this.cipher.decryptNullable(row.token_secret, 'pve_connections.token_secret') ?? undefined,
      username: row.username ?? undefined,
      password: this.cipher.decryptNullable(row.password, 'pve_connections.password') ?? undefined,
      fingerprint: row.fingerprint,
      timeoutMs: this.timeoutMs,
    }
  }

  /** The connection's client, rebuilt whenever the connection changed. */
  client(id: number): PveClient {
    const row = this.requireRow(id)
    return this.clients.get(id, row.updated_at, () => new PveClient(this.config(row)))
  }

  /** Shows the certificate for the admin to accept, then, if it is trusted or pinned, asks PVE who it is. */
  async testLink(id: number): Promise<TestLinkResult> {
    const row = this.requireRow(id)
    const result: TestLinkResult = {
      reachable: false,
      fingerprint: null,
      trusted_by_system: false,
      pinned_fingerprint: row.fingerprint,
      certificate_accepted: false,
      certificate: null,
      version: null,
      pve_nodes: [],
      error: null,
    }
    try {
      const certificate = await probeCertificate(parseBaseUrl(row.base_url), this.timeoutMs)
      result.reachable = true
      result.fingerprint = certificate.fingerprint
      result.trusted_by_system = certificate.trustedBySystem
      result.certificate = { subject: certificate.subject, issuer: certificate.issuer, valid_from: certificate.validFrom, valid_to: certificate.validTo }
      result.certificate_accepted = row.fingerprint ? row.fingerprint === certificate.fingerprint : certificate.trustedBySystem
      if (!result.certificate_accepted) return result
      const client = this.client(id)
      result.version = (await client.version()).version
      result.pve_nodes = (await client.nodes()).map((n) => n.node)
    } catch (error) {
      result.error = error instanceof AppError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'unexpected failure' }
    }
    return result
  }

  async close(): Promise<void> {
    await this.clients.closeAll()
  }
}
