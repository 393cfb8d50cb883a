// UI preferences (language, theme, table settings, last route) in localStorage: never tokens or secrets.
import { ref, watch, type Ref } from 'vue'
import { z } from 'zod'
import { LOCALES, locale } from '../i18n'

const PREFIX = 'proxdesk.'

/** A ref mirrored to localStorage; a stored value that no longer fits the schema falls back to the default. */
export function storedRef<T>(key: string, schema: z.ZodType<T>, fallback: T): Ref<T> {
  let initial = fallback
  try {
    const raw = localStorage.getItem(PREFIX + key)
    if (raw !== null) {
      const parsed = schema.safeParse(JSON.parse(raw))
      if (parsed.success) initial = parsed.data
    }
  } catch {
    initial = fallback
  }
  const value = ref(initial) as Ref<T>
  watch(value, (next) => localStorage.setItem(PREFIX + key, JSON.stringify(next)), { deep: true })
  return value
}

export function forgetStored(prefix: string): void {
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(PREFIX + prefix)) localStorage.removeItem(key)
  }
}

export const THEME_MODES = ['system', 'light', 'dark'] as const
export type ThemeMode = (typeof THEME_MODES)[number]

export const themeMode = storedRef<ThemeMode>('theme', z.enum(THEME_MODES), 'system')
export const lastRoute = storedRef<string>('last-route', z.string().startsWith('/'), '/dashboard')

const storedLocale = storedRef('locale', z.enum(LOCALES), 'zh-CN')
locale.value = storedLocale.value
watch(locale, (next) => (storedLocale.value = next))
