// A database file with the real services for in-process benchmarks, in a temp folder removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { openDatabase, type Database } from '../../../src-main/core/db/database'
import { createServices, type Services } from '../../../src-main/core/services'
import { FieldCipher } from '../../../src-main/core/secrets/fieldCipher'

const BENCH_KEY = Buffer.alloc(32, 5)

export interface BenchDatabase {
  dir: string
  dbPath: string
  db: Database
  services: Services
  cipher: FieldCipher
  remove(): void
}

export function openBenchDatabase(name: string): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), `proxdesk-bench-${name}-`))
  const dbPath = join(dir, 'proxdesk.db')
  const db = openDatabase(dbPath)
  const services = createServices({ db, secretKey: BENCH_KEY, logger: pino({ level: 'silent' }), publicUrl: 'https://bench.example.com' })
  return {
    dir,
    dbPath,
    db,
    services,
    cipher: new FieldCipher(BENCH_KEY),
    remove: () => {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
