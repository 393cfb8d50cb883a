// The auth endpoint's two lookups (node key digest → group, username → user) kept in memory between requests.
// Validity comes from the database, not from time: migration 0008's triggers bump auth_generation inside every
// transaction that writes a column these lookups read, on any connection; refresh() reads that one row at the
// start of each request and drops everything when it moved. Expiry is never decided here: rows keep their
// timestamps and the caller compares them with the clock on every request.
import type BetterSqlite3 from 'better-sqlite3'

/** Per map. Bounds memory when callers send endless unknown node keys or usernames; the oldest entry goes first. */
export const AUTH_CACHE_MAX_ENTRIES = 200_000

export const AUTH_GENERATION_SQL = 'SELECT generation FROM auth_generation'

/** A FIFO-bounded map; `null`/`undefined` values are cached answers too ("no such row"). */
class BoundedMap<V> {
  private readonly entries = new Map<string, V>()

  constructor(private readonly maxEntries: number) {}

  lookup(key: string, load: (key: string) => V): V {
    if (this.entries.has(key)) return this.entries.get(key) as V
    const value = load(key)
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string)
    this.entries.set(key, value)
    return value
  }

  clear(): void {
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}

export class AuthLookupCache<Group, User> {
  private readonly generationOf: BetterSqlite3.Statement<[], number>
  private generation: number | null = null
  private readonly groups: BoundedMap<Group>
  private readonly users: BoundedMap<User>

  constructor(sqlite: BetterSqlite3.Database, maxEntries = AUTH_CACHE_MAX_ENTRIES) {
    this.generationOf = sqlite.prepare<[], number>(AUTH_GENERATION_SQL).pluck()
    this.groups = new BoundedMap(maxEntries)
    this.users = new BoundedMap(maxEntries)
  }

  /** Once per request, before any lookup: forgets everything if the auth data changed since the last request. */
  refresh(): void {
    const current = this.generationOf.get()!
    if (current === this.generation) return
    this.groups.clear()
    this.users.clear()
    this.generation = current
  }

  group(nodeKeyDigest: string, load: (nodeKeyDigest: string) => Group): Group {
    return this.groups.lookup(nodeKeyDigest, load)
  }

  user(username: string, load: (username: string) => User): User {
    return this.users.lookup(username, load)
  }

  /** For tests: how many answers of each kind are held. */
  sizes(): { groups: number; users: number } {
    return { groups: this.groups.size, users: this.users.size }
  }
}
