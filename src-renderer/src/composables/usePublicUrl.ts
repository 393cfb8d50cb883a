import { ref } from 'vue'
import type { ApiClient } from '../api/client'

const publicUrl = ref<string | null>(null)

/** The server's public URL (subscription links start with it); asked once per window. */
export async function loadPublicUrl(api: ApiClient): Promise<string> {
  publicUrl.value ??= (await api.call('dashboard.summary', {})).public_url
  return publicUrl.value
}

export function subscriptionLink(base: string, subToken: string, format: 'uri' | 'clash' | 'singbox'): string {
  return `${base}/sub/${encodeURIComponent(subToken)}?format=${format}`
}
