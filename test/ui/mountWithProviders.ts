import { defineComponent, h, type Component } from 'vue'
import { mount } from '@vue/test-utils'
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui'
import { API_KEY, createApiClient } from '../../src-renderer/src/api/client'
import type { Transport } from '../../src-renderer/src/api/transport'

/** Mounts a screen inside the naive-ui providers it needs, talking to the given fake transport. */
export function mountWithProviders(component: Component, transport: Transport, props: Record<string, unknown> = {}) {
  const Host = defineComponent({
    setup: () => () => h(NConfigProvider, null, () => h(NDialogProvider, null, () => h(NMessageProvider, null, () => h(component, props)))),
  })
  return mount(Host, { attachTo: document.body, global: { provide: { [API_KEY as symbol]: createApiClient('ipc', transport) } } })
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}
