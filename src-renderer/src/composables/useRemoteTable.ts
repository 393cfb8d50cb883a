// Server-side paging for n-data-table: page, size, sorter and filters live in refs (remembered per table), and one
// load() asks the API. A response that arrives after a newer request started is dropped, so fast typing can't
// paint an older page over a newer one.
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import type { PaginationProps } from 'naive-ui'
import { z } from 'zod'
import { storedRef } from '../settings/preferences'

export const PAGE_SIZES = [20, 50, 100, 200]

export interface TableSort<K extends string> {
  key: K
  order: 'asc' | 'desc'
}

export interface PageRequest<F, K extends string> {
  page: number
  page_size: number
  filters: F
  sort: TableSort<K> | null
}

export interface RemoteTableOptions<Row, F extends object, K extends string> {
  /** localStorage key for this table's page size, filters and sort. */
  storageKey: string
  filtersSchema: z.ZodType<F>
  defaultFilters: F
  sortKeys: readonly K[]
  fetchPage: (request: PageRequest<F, K>) => Promise<{ items: Row[]; total: number }>
  onError: (error: unknown) => void
}

export function useRemoteTable<Row, F extends object, K extends string>(options: RemoteTableOptions<Row, F, K>) {
  const settingsSchema = z.object({
    pageSize: z.number().int().refine((n) => PAGE_SIZES.includes(n)),
    filters: options.filtersSchema,
    sort: z.object({ key: z.enum(options.sortKeys as unknown as [K, ...K[]]), order: z.enum(['asc', 'desc']) }).nullable(),
  })
  const settings = storedRef(`table.${options.storageKey}`, settingsSchema as unknown as z.ZodType<{ pageSize: number; filters: F; sort: TableSort<K> | null }>, {
    pageSize: PAGE_SIZES[0]!,
    filters: options.defaultFilters,
    sort: null,
  })
  const page = ref(1)
  const rows = shallowRef<Row[]>([])
  const total = ref(0)
  const loading = ref(false)
  let latestRequest = 0

  async function load(): Promise<void> {
    const request = ++latestRequest
    loading.value = true
    try {
      const result = await options.fetchPage({ page: page.value, page_size: settings.value.pageSize, filters: settings.value.filters, sort: settings.value.sort })
      if (request !== latestRequest) return
      rows.value = result.items
      total.value = result.total
      // A deletion or a narrower filter can leave us past the last page.
      const lastPage = Math.max(1, Math.ceil(result.total / settings.value.pageSize))
      if (page.value > lastPage) {
        page.value = lastPage
        await load()
      }
    } catch (error) {
      if (request === latestRequest) options.onError(error)
    } finally {
      if (request === latestRequest) loading.value = false
    }
  }

  const pagination = computed<PaginationProps>(() => ({
    page: page.value,
    pageSize: settings.value.pageSize,
    itemCount: total.value,
    pageSizes: PAGE_SIZES,
    showSizePicker: true,
    showQuickJumper: true,
  }))

  function setPage(next: number): void {
    page.value = next
    void load()
  }

  function setPageSize(next: number): void {
    settings.value = { ...settings.value, pageSize: next }
    page.value = 1
    void load()
  }

  function setSort(sort: TableSort<K> | null): void {
    settings.value = { ...settings.value, sort }
    page.value = 1
    void load()
  }

  const filters = computed(() => settings.value.filters)

  function setFilters(patch: Partial<F>): void {
    settings.value = { ...settings.value, filters: { ...settings.value.filters, ...patch } }
    page.value = 1
    void load()
  }

  const sort = computed(() => settings.value.sort)

  return { rows, total, loading, page, pagination, filters, sort, load, setPage, setPageSize, setSort, setFilters }
}

/** Text filters wait for a pause in typing before they ask the server. */
export function debounced<T>(source: Ref<T>, ms: number, apply: (value: T) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(source, (value) => {
    clearTimeout(timer)
    timer = setTimeout(() => apply(value), ms)
  })
}
