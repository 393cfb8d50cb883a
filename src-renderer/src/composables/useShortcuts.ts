// Global keys: "/" or Ctrl/Cmd+K focuses the screen's search box; F5 or Ctrl/Cmd+R reloads its list (not the page).
import { onBeforeUnmount, onMounted, type Ref } from 'vue'

export interface ShortcutTargets {
  refresh?: () => void
  search?: Ref<{ focus: () => void } | null | undefined>
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

export function shortcutFor(event: KeyboardEvent): 'refresh' | 'search' | null {
  const mod = event.ctrlKey || event.metaKey
  if (event.key === 'F5' || (mod && event.key.toLowerCase() === 'r')) return 'refresh'
  if ((mod && event.key.toLowerCase() === 'k') || (event.key === '/' && !mod && !isTyping(event.target))) return 'search'
  return null
}

export function useShortcuts(targets: ShortcutTargets): void {
  function onKey(event: KeyboardEvent): void {
    const action = shortcutFor(event)
    if (action === 'refresh' && targets.refresh) {
      event.preventDefault()
      targets.refresh()
    } else if (action === 'search' && targets.search?.value) {
      event.preventDefault()
      targets.search.value.focus()
    }
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
