// The containers that node records point at, fetched once per page: every expanded group's table reads from the
// same cache, so re-mounting a table (after any change) or expanding a second group costs no further calls.
import { inject, provide, shallowRef, type InjectionKey, type ShallowRef } from 'vue'
import { AppError } from '@shared/errors'
import type { ContainerView } from '@shared/domain/containers'
import type { ApiClient } from '../../api/client'

/** `null` marks a container id the server no longer knows. */
export type LinkedContainer = ContainerView | null

export interface LinkedContainerCache {
  readonly entries: ShallowRef<ReadonlyMap<number, LinkedContainer>>
  /** Fetches each id not cached yet, one `containers.get` per distinct id however many records share it. */
  need(ids: Iterable<number | null>): Promise<void>
  put(container: ContainerView): void
  /** Forgets everything, so the next `need` shows current hostnames and states. */
  clear(): void
}

export function createLinkedContainerCache(api: ApiClient): LinkedContainerCache {
  const entries = shallowRef<ReadonlyMap<number, LinkedContainer>>(new Map())
  const inFlight = new Map<number, Promise<void>>()
  let generation = 0

  const store = (id: number, container: LinkedContainer) => {
    entries.value = new Map(entries.value).set(id, container)
  }

  async function fetchOne(id: number): Promise<void> {
    const startedIn = generation
    let container: LinkedContainer
    try {
      container = await api.call('containers.get', { id })
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error
      container = null
    } finally {
      inFlight.delete(id)
    }
    if (startedIn === generation) store(id, container)
  }

  return {
    entries,
    async need(ids) {
      const wanted = new Set([...ids].filter((id): id is number => id !== null))
      const pending = [...wanted].filter((id) => !entries.value.has(id)).map((id) => {
        const running = inFlight.get(id) ?? fetchOne(id)
        inFlight.set(id, running)
        return running
      })
      await Promise.all(pending)
    },
    put: (container) => store(container.id, container),
    clear() {
      generation++
      inFlight.clear()
      entries.value = new Map()
    },
  }
}

const CACHE_KEY: InjectionKey<LinkedContainerCache> = Symbol('linkedContainers')

export function provideLinkedContainerCache(api: ApiClient): LinkedContainerCache {
  const cache = createLinkedContainerCache(api)
  provide(CACHE_KEY, cache)
  return cache
}

/** The page's cache, or one of its own for a table mounted alone. */
export function useLinkedContainerCache(api: ApiClient): LinkedContainerCache {
  return inject(CACHE_KEY, null) ?? createLinkedContainerCache(api)
}
