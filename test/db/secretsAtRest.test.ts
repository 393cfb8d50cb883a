import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { createServices } from '../../src-main/core/services'
import pino from 'pino'
import { useTestApi } from '../helpers/testApi'
import { useTempDir } from '../helpers/tempDir'

describe('secrets at rest', () => {
  const api = useTestApi()
  const tempDir = useTempDir()

  it('keeps proxy passwords, salamander, node keys and sub tokens out of the SQLite files in plain text', async () => {
    const t = await api()
    const alice = await t.userToken('alice', { proxy_password: 'PLAIN-PROXY-PASSWORD' })
    await t.request('POST', '/api/nodes', { token: t.adminToken, body: { ip_address: '192.0.2.1', server_group: 'hk', salamander: 'PLAIN-SALAMANDER' } })
    const nodeKey = (await t.request('GET', '/api/node-groups', { token: t.adminToken })).json.items[0].node_key
    const { sqlite } = t.core.services.db
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const dir = t.core.dbPath.replace(/\/[^/]+$/, '')
    const bytes = readdirSync(dir)
      .filter((f) => f.startsWith('proxdesk.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('')
    for (const secret of ['PLAIN-PROXY-PASSWORD', 'PLAIN-SALAMANDER', nodeKey, alice.sub_token, alice.token]) {
      expect(bytes.includes(secret), secret).toBe(false)
    }
    expect(bytes.includes('alice')).toBe(true)
  })

  it('refuses to start with a key that did not create the database', () => {
    const path = join(tempDir(), 'keyed.db')
    const logger = pino({ level: 'silent' })
    const first = openDatabase(path)
    createServices({ db: first, secretKey: Buffer.alloc(32, 1), logger, publicUrl: 'http://x' })
    first.close()
    const second = openDatabase(path)
    try {
      expect(() => createServices({ db: second, secretKey: Buffer.alloc(32, 2), logger, publicUrl: 'http://x' })).toThrow(/secret key does not match/)
      expect(() => createServices({ db: second, secretKey: Buffer.alloc(32, 1), logger, publicUrl: 'http://x' })).not.toThrow()
    } finally {
      second.close()
    }
  })
})
