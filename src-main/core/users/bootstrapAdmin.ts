import type { Services } from '../services'

/** Creates the first admin from the environment when the database has none; returns its name or null. */
export async function ensureBootstrapAdmin(services: Services, username: string | undefined, password: string | undefined): Promise<string | null> {
  if (!username || !password) return null
  const existing = services.db.first(services.db.qb.selectFrom('users').select('id').where('permission', '=', 'admin').limit(1))
  if (existing) return null
  const result = await services.dispatcher.call('users.create', { username, password, permission: 'admin' }, {
    ip: null,
    trustedActor: { id: null, username: 'bootstrap', permission: 'admin' },
  })
  if (!result.ok) throw new Error(`cannot create the bootstrap admin: ${result.error.message}`)
  return result.data.username
}
