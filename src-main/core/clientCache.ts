/**
 * One live client per remote system (keyed by its row id), rebuilt when the row changes. A client owns a
 * connection pool and, for routers, the queue that serializes writes, so two must never exist for one id.
 */
export class ClientCache<C extends { close(): Promise<void> }> {
  private readonly entries = new Map<number, { client: C; version: number }>()

  get(id: number, version: number, create: () => C): C {
    const cached = this.entries.get(id)
    if (cached && cached.version === version) return cached.client
    if (cached) void cached.client.close()
    const client = create()
    this.entries.set(id, { client, version })
    return client
  }

  drop(id: number): void {
    const cached = this.entries.get(id)
    this.entries.delete(id)
    if (cached) void cached.client.close()
  }

  async closeAll(): Promise<void> {
    const clients = [...this.entries.values()].map(({ client }) => client)
    this.entries.clear()
    await Promise.all(clients.map((client) => client.close()))
  }
}
