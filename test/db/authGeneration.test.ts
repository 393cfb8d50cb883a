import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../src-main/core/db/database'
import { AUTH_COLUMNS } from '../../src-main/core/db/migrations/0008_auth_generation'
import { PROXY_AUTH_SQL } from '../../src-main/core/proxy/proxyAuth'
import { useTempDir } from '../helpers/tempDir'

// Run on the fully migrated schema, so a later migration that rebuilds users or node_server without these
// triggers fails here instead of leaving the auth endpoint's cache stale.
describe('auth_generation triggers', () => {
  const tempDir = useTempDir()
  let db: Database

  beforeEach(() => {
    db = openDatabase(join(tempDir(), 'generation.db'))
  })
  afterEach(() => db.close())

  const generation = () => db.sqlite.prepare('SELECT generation FROM auth_generation').pluck().get() as number

  function insertUser(username: string): number {
    const info = db.sqlite
      .prepare("INSERT INTO users (username, proxy_password, sub_token, sub_token_hash) VALUES (?, 'sealed', 'sealed', ?)")
      .run(username, `hash-${username}`)
    return Number(info.lastInsertRowid)
  }

  function insertNode(ip: string, group: string): number {
    const info = db.sqlite
      .prepare("INSERT INTO node_server (ip_address, server_group, salamander, rent_ts, fee, port, node_key, node_key_hash) VALUES (?, ?, 'sealed', 0, 1, 443, 'sealed', ?)")
      .run(ip, group, `key-hash-${group}`)
    return Number(info.lastInsertRowid)
  }

  function expectBump(change: () => void, label: string): void {
    const before = generation()
    change()
    expect(generation(), label).toBeGreaterThan(before)
  }

  it('covers every column the auth lookups read', () => {
    for (const [table, columns] of Object.entries(AUTH_COLUMNS)) {
      const read = table === 'users' ? PROXY_AUTH_SQL.userByName : PROXY_AUTH_SQL.groupByKey
      const mentioned = db.sqlite
        .prepare(`SELECT name FROM pragma_table_info(?)`)
        .pluck()
        .all(table)
        .filter((column) => new RegExp(`\\b${String(column)}\\b`).test(read))
      expect([...columns].sort(), table).toEqual(mentioned.sort())
    }
  })

  it('moves on insert, delete and each watched column of users', () => {
    let id = 0
    expectBump(() => (id = insertUser('alice')), 'insert')
    const values: Record<(typeof AUTH_COLUMNS.users)[number], unknown> = { username: 'alice2', proxy_password: 'sealed-2', is_active: 0, proxy_expire_ts: 123 }
    for (const [column, value] of Object.entries(values)) {
      expectBump(() => db.sqlite.prepare(`UPDATE users SET ${column} = ? WHERE id = ?`).run(value, id), column)
    }
    expectBump(() => db.sqlite.prepare('DELETE FROM users WHERE id = ?').run(id), 'delete')
  })

  it('moves on insert, delete and each watched column of node_server, including copies to the group', () => {
    let id = 0
    expectBump(() => (id = insertNode('192.0.2.1', 'hk')), 'insert')
    insertNode('192.0.2.2', 'hk')
    const values: Record<(typeof AUTH_COLUMNS.node_server)[number], unknown> = { node_key_hash: 'rotated', is_active: 0, expire_ts: 123, server_group: 'sg' }
    for (const [column, value] of Object.entries(values)) {
      expectBump(() => db.sqlite.prepare(`UPDATE node_server SET ${column} = ? WHERE id = ?`).run(value, id), column)
    }
    expectBump(() => db.sqlite.prepare('DELETE FROM node_server WHERE id = ?').run(id), 'delete')
  })

  it('stays put for columns the auth lookups do not read', () => {
    const userId = insertUser('alice')
    const nodeId = insertNode('192.0.2.1', 'hk')
    const before = generation()
    db.sqlite.prepare('UPDATE users SET last_login_ts = 5, last_login_ip = ? WHERE id = ?').run('198.51.100.1', userId)
    db.sqlite.prepare('UPDATE node_server SET fee = 9, domain = ? WHERE id = ?').run('n.example.net', nodeId)
    expect(generation()).toBe(before)
  })
})
