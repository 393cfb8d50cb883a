// The auth endpoint's world for the benchmark and the soak: a database file seeded in bulk, its secret key,
// and a file of requests in a realistic mix for wrk.
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../../src-main/core/db/database'
import { FieldCipher } from '../../../src-main/core/secrets/fieldCipher'
import { hashPassword } from '../../../src-main/core/auth/passwords'
import { systemClock } from '../../../src-main/core/clock'
import { seedNodes, seedUsers, type SeededUser } from '../lib/seed'

export type AuthOutcome = 'valid' | 'wrong_password' | 'user_expired' | 'unknown_user'

/** Most connections are customers with a working password; the rest are the common ways they fail. */
export const AUTH_MIX: Record<AuthOutcome, number> = { valid: 70, wrong_password: 10, user_expired: 10, unknown_user: 10 }
const MIX_LENGTH = 5000
const NODE_GROUP_SIZE = 10

export interface AuthRequest {
  path: string
  body: { addr: string; auth: string; tx: number }
  outcome: AuthOutcome
}

export interface AuthFixture {
  dbPath: string
  /** The environment the server needs to read the seeded secrets. */
  env: Record<string, string>
  /** WRK_MIX_FILE for authMix.lua. */
  mixFile: string
  requests: AuthRequest[]
  remove(): void
}

/** A small deterministic generator, so every run sends the same mix. */
function randomIndex(seed: number): (below: number) => number {
  let state = seed
  return (below) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state % below
  }
}

function mixOfOutcomes(): AuthOutcome[] {
  const outcomes = Object.entries(AUTH_MIX).flatMap(([outcome, share]) => Array<AuthOutcome>(share).fill(outcome as AuthOutcome))
  return Array.from({ length: MIX_LENGTH }, (_, n) => outcomes[n % outcomes.length]!)
}

export async function prepareAuthFixture(options: { users: number; nodes: number }): Promise<AuthFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'proxdesk-auth-bench-'))
  const dbPath = join(dir, 'proxdesk.db')
  const key = Buffer.alloc(32, 11)
  const cipher = new FieldCipher(key)
  const db = openDatabase(dbPath)
  const now = systemClock.now()
  let users: SeededUser[]
  let nodeKeys: string[]
  try {
    users = seedUsers(db, cipher, options.users, now, await hashPassword('bench-login-password'))
    // Only groups that are neither expired nor entirely disabled: the mix is about users, not node keys.
    const groups = seedNodes(db, cipher, options.nodes, NODE_GROUP_SIZE, now)
    const usable = new Set(db.sqlite.prepare('SELECT server_group FROM node_server GROUP BY server_group HAVING max(is_active) = 1 AND (max(expire_ts) IS NULL OR max(expire_ts) > ?)').pluck().all(now) as string[])
    nodeKeys = groups.filter((g) => usable.has(g.serverGroup)).map((g) => g.nodeKey)
  } finally {
    db.close()
  }
  // On disk before the server starts: otherwise its first checkpoint's fsync writes the whole fresh fixture,
  // a stall of the seeding, not of the server.
  const file = openSync(dbPath, 'r+')
  fsyncSync(file)
  closeSync(file)
  const byKind = {
    usable: users.filter((u) => u.kind === 'usable'),
    expired: users.filter((u) => u.kind === 'expired'),
  }
  const pick = randomIndex(20_250_101)
  const requests = mixOfOutcomes().map((outcome, n): AuthRequest => {
    const user = outcome === 'user_expired' ? byKind.expired[pick(byKind.expired.length)]! : byKind.usable[pick(byKind.usable.length)]!
    const auth = {
      valid: `${user.username}:${user.proxyPassword}`,
      wrong_password: `${user.username}:${user.proxyPassword}-wrong`,
      user_expired: `${user.username}:${user.proxyPassword}`,
      unknown_user: `nobody${n}:${user.proxyPassword}`,
    }[outcome]
    return {
      path: `/api/proxy/auth/${nodeKeys[pick(nodeKeys.length)]!}`,
      body: { addr: `198.51.100.${n % 250}:${20_000 + (n % 40_000)}`, auth, tx: 12_500_000 },
      outcome,
    }
  })
  const mixFile = join(dir, 'auth-mix.tsv')
  writeFileSync(mixFile, requests.map((r) => `${r.path}\t${JSON.stringify(r.body)}`).join('\n') + '\n')
  return {
    dbPath,
    env: { PROXDESK_SECRET_KEY: key.toString('hex'), PROXDESK_DB: dbPath },
    mixFile,
    requests,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
