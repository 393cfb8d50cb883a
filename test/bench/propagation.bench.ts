// Group propagation through the trigger, against the plain UPDATE an application would otherwise issue.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, bench, describe } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'

const GROUP_SIZE = 1000
const dir = mkdtempSync(join(tmpdir(), 'proxdesk-bench-'))
const db = openDatabase(join(dir, 'bench.db'))
const insert = db.sqlite.prepare("INSERT INTO node_server (ip_address, server_group, node_key, node_key_hash) VALUES (?, 'big', 'k', 'h')")
db.transaction(() => {
  for (let i = 0; i < GROUP_SIZE; i++) insert.run(`10.0.${i >> 8}.${i & 255}`)
})
const firstId = db.sqlite.prepare("SELECT min(id) FROM node_server WHERE server_group = 'big'").pluck().get() as number
const viaTrigger = db.sqlite.prepare('UPDATE node_server SET fee = ? WHERE id = ?')
const plain = db.sqlite.prepare("UPDATE node_server SET fee = ?, updated_at = unixepoch() WHERE server_group = 'big'")
let fee = 0

afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe(`change a shared attribute of a ${GROUP_SIZE}-record group`, () => {
  bench('baseline: UPDATE … WHERE server_group = ?', () => {
    plain.run(++fee)
  })
  bench('proxdesk: UPDATE one record, trigger propagates', () => {
    viaTrigger.run(++fee, firstId)
  })
})
