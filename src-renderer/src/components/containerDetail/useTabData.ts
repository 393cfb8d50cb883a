// A tab's data: loaded the first time the tab is shown, again on the page's refresh shortcut (at once when the
// tab is shown, otherwise the next time it is).
import { ref, shallowRef, watch } from 'vue'

export function useTabData<T>(load: () => Promise<T>, active: () => boolean, refreshToken: () => number) {
  const data = shallowRef<T | null>(null)
  const error = ref<unknown>(null)
  const loading = ref(false)
  let stale = true

  async function reload(): Promise<void> {
    stale = false
    loading.value = true
    try {
      data.value = await load()
      error.value = null
    } catch (caught) {
      error.value = caught
    } finally {
      loading.value = false
    }
  }

  watch(active, (shown) => shown && stale && void reload(), { immediate: true })
  watch(refreshToken, () => {
    stale = true
    if (active()) void reload()
  })

  return { data, error, loading, reload }
}
