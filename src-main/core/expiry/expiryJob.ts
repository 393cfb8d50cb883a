import type { Database } from '../db/database'
import type { AuditLog } from '../audit/auditLog'
import type { Clock } from '../clock'
import type { Logger } from '../logger'

export interface ExpirySweep {
  users: string[]
  nodes: number[]
}

/** Sets is_active=0 on expired users and on every record of expired node groups, each with an audit entry. */
export function deactivateExpired(db: Database, audit: AuditLog, clock: Clock): ExpirySweep {
  const now = clock.now()
  return db.transaction(() => {
    const users = db.all(
      db.qb.selectFrom('users').select(['id', 'username', 'proxy_expire_ts']).where('is_active', '=', 1).where('proxy_expire_ts', '>', 0).where('proxy_expire_ts', '<=', now),
    )
    const nodes = db.all(
      db.qb
        .selectFrom('node_server')
        .select(['id', 'server_group', 'ip_address', 'expire_ts'])
        .where('is_active', '=', 1)
        .where('expire_ts', '>', 0)
        .where('expire_ts', '<=', now),
    )
    for (const user of users) {
      db.run(db.qb.updateTable('users').set({ is_active: 0 }).where('id', '=', user.id))
      db.run(db.qb.deleteFrom('sessions').where('user_id', '=', user.id))
      audit.record({ kind: 'expiry.deactivate', actor: 'expiry-job', targetType: 'user', targetId: user.id, detail: { username: user.username, proxy_expire_ts: user.proxy_expire_ts } })
    }
    for (const node of nodes) {
      db.run(db.qb.updateTable('node_server').set({ is_active: 0 }).where('id', '=', node.id))
      audit.record({ kind: 'expiry.deactivate', actor: 'expiry-job', targetType: 'node', targetId: node.id, detail: { server_group: node.server_group, ip_address: node.ip_address, expire_ts: node.expire_ts } })
    }
    return { users: users.map((u) => u.username), nodes: nodes.map((n) => n.id) }
  })
}

/** Runs the sweep every intervalSeconds; returns a stop function. Off unless the operator asks for it. */
export function startExpiryJob(db: Database, audit: AuditLog, clock: Clock, intervalSeconds: number, logger: Logger): () => void {
  const sweep = () => {
    try {
      const result = deactivateExpired(db, audit, clock)
      if (result.users.length + result.nodes.length > 0) logger.info({ expired_users: result.users.length, expired_nodes: result.nodes.length }, 'expiry sweep deactivated records')
    } catch (error) {
      logger.error({ err: error }, 'expiry sweep failed')
    }
  }
  sweep()
  const timer = setInterval(sweep, intervalSeconds * 1000)
  timer.unref()
  return () => clearInterval(timer)
}
