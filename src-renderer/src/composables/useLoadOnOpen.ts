// What a modal shows about one record: fetched each time it opens (and again on demand). Cleared on opening,
// not on closing, so the closing animation still shows what was there; a failure is reported, the modal stays empty.
import { ref, shallowRef, watch, type Ref } from 'vue'
import { useAppError } from './useAppError'

/** `fetch` answers null when the modal has no record to ask about. */
export function useLoadOnOpen<T>(show: Ref<boolean>, fetch: () => Promise<T> | null) {
  const reportError = useAppError()
  const data = shallowRef<T | null>(null)
  const loading = ref(false)

  async function load(): Promise<void> {
    const pending = fetch()
    if (!pending) return
    loading.value = true
    try {
      data.value = await pending
    } catch (error) {
      reportError(error)
    } finally {
      loading.value = false
    }
  }

  watch(show, (open) => {
    if (!open) return
    data.value = null
    void load()
  })

  return { data, loading, load }
}
