// The auth endpoint's two lookups (node key → group, username → user) kept in memory between requests.
// Validity comes from the database: migration 0008's triggers bump auth_generation inside every transaction
// that writes a column these lookups read, on any connection, and refresh() drops everything when that row
// moved. Reading the row is a read transaction with its file locks, the largest part of a cached request, so
// refresh() reads it only when this connection has written anything since (SQLite's total_changes(), which
// needs no transaction: its own writes count on the very next request) or OTHER_WRITERS_POLL_MS have passed
// (another process or connection: counted within that time). Expiry is never decided here: rows keep their
// timestamps and the caller compares them with the clock on every request.
import type BetterSqlite3 from 'better-sqlite3'

/** Per map. Bounds memory when callers send endless unknown node keys or usernames; the oldest entry goes first. */
export const AUTH_CACHE_MAX_ENTRIES = 200_000

export const AUTH_GENERATION_SQL = 'SELECT generation FROM auth_generation'
/** Rows written by this connection since it opened, triggers included; no table, so no read transaction. */
const OWN_CHANGES_SQL = 'SELECT total_changes()'
/** How soon a write by another connection (the CLI in another process, a script) reaches the answers. */
export const OTHER_WRITERS_POLL_MS = 100

/** A FIFO-bounded map; `null` values are cached answers too ("no such row"), so one get() tells a miss. */
class BoundedMap<V extends NonNullable<unknown> | null> {
  private readonly entries = new Map<string, V>()

  constructor(private readonly maxEntries: number) {}

  lookup(key: string, load: (key: string) => V): V {
    const cached = this.entries.get(key)
    if (cached !== undefined) return cached
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

export interface AuthLookupCacheOptions {
  maxEntries?: number
  /** Milliseconds from a monotonic clock; the poll for other writers is timed by it. */
  monotonicNow?: () => number
}

export class AuthLookupCache<Group extends NonNullable<unknown> | null, User extends NonNullable<unknown> | null> {
  private readonly generationOf: BetterSqlite3.Statement<[], number>
  private readonly ownChangesOf: BetterSqlite3.Statement<[], number>
  private readonly monotonicNow: () => number
  private generation: number | null = null
  private ownChanges = -1
  private checkedAt = 0
  private readonly groups: BoundedMap<Group>
  private readonly users: BoundedMap<User>

  constructor(sqlite: BetterSqlite3.Database, options: AuthLookupCacheOptions = {}) {
    this.generationOf = sqlite.prepare<[], number>(AUTH_GENERATION_SQL).pluck()
    this.ownChangesOf = sqlite.prepare<[], number>(OWN_CHANGES_SQL).pluck()
    this.monotonicNow = options.monotonicNow ?? (() => performance.now())
    this.groups = new BoundedMap(options.maxEntries ?? AUTH_CACHE_MAX_ENTRIES)
    this.users = new BoundedMap(options.maxEntries ?? AUTH_CACHE_MAX_ENTRIES)
  }

  /** Once per request, before any lookup: forgets everything if the auth data changed since it last looked. */
  refresh(): void {
    const ownChanges = this.ownChangesOf.get()!
    const now = this.monotonicNow()
    if (ownChanges === this.ownChanges && now - this.checkedAt < OTHER_WRITERS_POLL_MS) return
    this.ownChanges = ownChanges
    this.checkedAt = now
    const current = this.generationOf.get()!
    if (current === this.generation) return
    this.groups.clear()
    this.users.clear()
    this.generation = current
  }

  /**
   * Keyed by the node key itself, so a hit costs no digest: the key is a bearer secret each node sends with
   * every request, and this process holds the field cipher's key anyway, so keeping it here reveals nothing
   * that memory access would not.
   */
  group(nodeKey: string, load: (nodeKey: string) => Group): Group {
    return this.groups.lookup(nodeKey, load)
  }

  user(username: string, load: (username: string) => User): User {
    return this.users.lookup(username, load)
  }

  /** For tests: how many answers of each kind are held. */
  sizes(): { groups: number; users: number } {
    return { groups: this.groups.size, users: this.users.size }
  }
}
