// Polls containers.status while the info tab is shown and the window is visible; stops on unmount.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { z } from 'zod'
import type { liveStatus } from '@shared/domain/containers'
import type { ApiClient } from '../../api/client'

export const LIVE_STATUS_SECONDS = 5

export function useLiveStatus(api: ApiClient, containerId: () => number, enabled: Ref<boolean>) {
  const status = ref<z.infer<typeof liveStatus> | null>(null)
  const error = ref<unknown>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight = false

  async function load(): Promise<void> {
    if (inFlight) return
    inFlight = true
    try {
      status.value = await api.call('containers.status', { id: containerId() })
      error.value = null
    } catch (caught) {
      error.value = caught
    } finally {
      inFlight = false
    }
  }

  function schedule(): void {
    clearTimeout(timer)
    if (!enabled.value) return
    timer = setTimeout(async () => {
      if (!document.hidden) await load()
      schedule()
    }, LIVE_STATUS_SECONDS * 1000)
  }

  watch(
    enabled,
    (on) => {
      if (on) void load()
      schedule()
    },
    { immediate: true },
  )
  onBeforeUnmount(() => clearTimeout(timer))

  return { status, error, load }
}
