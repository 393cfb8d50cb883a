import { join } from 'node:path'
import { beforeEach, afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../src-main/core/db/database'
import { useTempDir } from '../helpers/tempDir'

const SHARED = ['idc_name', 'salamander', 'rent_ts', 'expire_ts', 'fee', 'port', 'sni', 'node_key', 'node_key_hash'] as const
const LONG_AGO = 1_000_000

describe('node_server triggers', () => {
  const tempDir = useTempDir()
  let db: Database

  beforeEach(() => {
    db = openDatabase(join(tempDir(), 'triggers.db'))
  })
  afterEach(() => db.close())

  function insert(ip: string, group: string, shared: Partial<Record<(typeof SHARED)[number], unknown>> = {}, domain: string | null = null): number {
    const row = {
      idc_name: `idc-${ip}`,
      salamander: `salt-${ip}`,
      rent_ts: 100,
      expire_ts: null,
      fee: 1.5,
      port: 443,
      sni: null,
      node_key: `key-${ip}`,
      node_key_hash: `hash-${ip}`,
      ...shared,
    }
    const info = db.sqlite
      .prepare(
        `INSERT INTO node_server (ip_address, domain, server_group, ${SHARED.join(', ')}) VALUES (?, ?, ?, ${SHARED.map(() => '?').join(', ')})`,
      )
      .run(ip, domain, group, ...SHARED.map((c) => row[c]))
    return Number(info.lastInsertRowid)
  }

  function sharedOf(id: number) {
    return db.sqlite.prepare(`SELECT ${SHARED.join(', ')} FROM node_server WHERE id = ?`).get(id) as Record<string, unknown>
  }

  function updatedAt(id: number): number {
    return db.sqlite.prepare('SELECT updated_at FROM node_server WHERE id = ?').pluck().get(id) as number
  }

  function ageAll(): void {
    db.sqlite.prepare('UPDATE node_server SET updated_at = ?').run(LONG_AGO)
  }

  it('copies a changed shared attribute to every record of the group and touches their updated_at', () => {
    const a = insert('192.0.2.1', 'hk')
    const b = insert('2001:db8::1', 'hk')
    const c = insert('192.0.2.2', 'hk')
    const other = insert('198.51.100.1', 'sg')
    ageAll()
    for (const [column, value] of [
      ['idc_name', 'NewIDC'],
      ['salamander', 'v1:cipher'],
      ['rent_ts', 200],
      ['expire_ts', 300],
      ['fee', 9.99],
      ['port', 8443],
      ['sni', 'hk.example.com'],
      ['node_key', 'new-key'],
    ] as const) {
      db.sqlite.prepare(`UPDATE node_server SET ${column} = ? WHERE id = ?`).run(value, b)
      for (const id of [a, b, c]) expect(sharedOf(id)[column]).toBe(value)
      expect(sharedOf(other)[column]).not.toBe(value)
    }
    for (const id of [a, b, c]) expect(updatedAt(id)).toBeGreaterThan(LONG_AGO)
    expect(updatedAt(other)).toBe(LONG_AGO)
  })

  it('gives a record added to an existing group the group attributes', () => {
    const first = insert('192.0.2.1', 'hk', { idc_name: 'GroupIDC', fee: 10, port: 9443 })
    const added = insert('2001:db8::1', 'hk', { idc_name: 'Mine', fee: 99, port: 1234 })
    expect(sharedOf(added)).toEqual(sharedOf(first))
    const alone = insert('198.51.100.1', 'new-group', { idc_name: 'Own' })
    expect(sharedOf(alone).idc_name).toBe('Own')
  })

  it('gives a record moved into an existing group that group’s attributes and leaves the old group alone', () => {
    const hk = insert('192.0.2.1', 'hk', { idc_name: 'HK-IDC', fee: 10 })
    const sg1 = insert('198.51.100.1', 'sg', { idc_name: 'SG-IDC', fee: 20 })
    const sg2 = insert('198.51.100.2', 'sg')
    db.sqlite.prepare("UPDATE node_server SET server_group = 'hk' WHERE id = ?").run(sg2)
    expect(sharedOf(sg2)).toEqual(sharedOf(hk))
    expect(sharedOf(sg1).idc_name).toBe('SG-IDC')
    expect(sharedOf(sg1).fee).toBe(20)
  })

  it('keeps its attributes when moved into a group that does not exist yet, without touching the old group', () => {
    const a = insert('192.0.2.1', 'hk', { idc_name: 'HK-IDC' })
    const b = insert('192.0.2.2', 'hk')
    db.sqlite.prepare("UPDATE node_server SET server_group = 'fresh', idc_name = 'Fresh-IDC' WHERE id = ?").run(b)
    expect(sharedOf(b).idc_name).toBe('Fresh-IDC')
    expect(sharedOf(a).idc_name).toBe('HK-IDC')
  })

  it('terminates even with recursive triggers switched on', () => {
    db.sqlite.pragma('recursive_triggers = ON')
    const ids = db.transaction(() => Array.from({ length: 40 }, (_, i) => insert(`10.0.0.${i}`, 'big')))
    ageAll()
    db.sqlite.prepare("UPDATE node_server SET idc_name = 'Recursive' WHERE id = ?").run(ids[20])
    const distinct = db.sqlite.prepare("SELECT count(DISTINCT idc_name) FROM node_server WHERE server_group = 'big'").pluck().get()
    expect(distinct).toBe(1)
    expect(db.sqlite.prepare("SELECT min(updated_at) FROM node_server WHERE server_group = 'big'").pluck().get()).toBeGreaterThan(LONG_AGO)
  })

  it('touches updated_at on a plain update but keeps an explicitly set one', () => {
    const id = insert('192.0.2.1', 'hk')
    ageAll()
    db.sqlite.prepare('UPDATE node_server SET is_active = 0 WHERE id = ?').run(id)
    expect(updatedAt(id)).toBeGreaterThan(LONG_AGO)
    db.sqlite.prepare('UPDATE node_server SET updated_at = 42 WHERE id = ?').run(id)
    expect(updatedAt(id)).toBe(42)
  })

  it('treats a missing domain as one value for the unique (ip_address, domain) index', () => {
    insert('192.0.2.1', 'hk')
    expect(() => insert('192.0.2.1', 'sg')).toThrow(/UNIQUE/)
    insert('192.0.2.1', 'hk', {}, 'a.example.com')
    expect(() => insert('192.0.2.1', 'hk', {}, 'a.example.com')).toThrow(/UNIQUE/)
    insert('192.0.2.1', 'hk', {}, 'b.example.com')
  })

  it('has the indexes the spec lists', () => {
    const indexes = (table: string) =>
      (db.sqlite.prepare(`SELECT name, "unique" FROM pragma_index_list('${table}')`).all() as Array<{ name: string; unique: number }>).map(
        (i) => `${i.unique ? 'unique ' : ''}${(db.sqlite.prepare(`SELECT group_concat(coalesce(name, 'expr')) FROM pragma_index_info('${i.name}')`).pluck().get() as string)}`,
      )
    expect(indexes('node_server')).toEqual(
      expect.arrayContaining(['unique ip_address,expr', 'server_group', 'expire_ts', 'is_active']),
    )
    expect(indexes('users')).toEqual(expect.arrayContaining(['unique username', 'proxy_expire_ts', 'last_login_ts', 'is_active', 'permission']))
  })
})

describe('users triggers', () => {
  const tempDir = useTempDir()

  it('touches updated_at on update', () => {
    const db = openDatabase(join(tempDir(), 'users.db'))
    try {
      db.sqlite.prepare("INSERT INTO users (username, proxy_password, sub_token, sub_token_hash, updated_at) VALUES ('u1', 'p', 't', 'h', ?)").run(LONG_AGO)
      db.sqlite.prepare("UPDATE users SET permission = 'admin' WHERE username = 'u1'").run()
      expect(db.sqlite.prepare("SELECT updated_at FROM users WHERE username = 'u1'").pluck().get()).toBeGreaterThan(LONG_AGO)
      expect(() => db.sqlite.prepare("INSERT INTO users (username, proxy_password, sub_token, sub_token_hash) VALUES ('U1', 'p', 't2', 'h2')").run()).toThrow(
        /UNIQUE/,
      )
    } finally {
      db.close()
    }
  })
})
