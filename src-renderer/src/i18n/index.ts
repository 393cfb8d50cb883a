// A small typed dictionary instead of vue-i18n: keys are checked by the compiler, both languages are complete.
import { computed, ref } from 'vue'
import { en, type Messages } from './en'
import { zhCN } from './zhCN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' }

const DICTIONARIES: Record<Locale, Messages> = { 'zh-CN': zhCN, en }

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]
export type MessageKey = Leaves<Messages>

export const locale = ref<Locale>('zh-CN')

export function translate(dictionary: Messages, key: MessageKey, params: Record<string, string | number> = {}): string {
  const [section, name] = key.split('.') as [keyof Messages, string]
  const template = (dictionary[section] as Record<string, string>)[name] ?? key
  return template.replace(/\{(\w+)\}/g, (whole, param: string) => (param in params ? String(params[param]) : whole))
}

/** Reads the current language on every call, so templates and computed columns re-render when it changes. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(DICTIONARIES[locale.value], key, params)
}

export const isChinese = computed(() => locale.value === 'zh-CN')

// Zod messages from the shared validators are English; the common ones are said again in the UI's language.
const VALIDATION_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^required$/, () => t('validation.required')],
  [/^at least (\d+) characters?$/, (m) => t('validation.atLeastChars', { n: m[1]! })],
  [/^at most (\d+) characters?$/, (m) => t('validation.atMostChars', { n: m[1]! })],
  [/^at least (\d+)$/, (m) => t('validation.atLeast', { n: m[1]! })],
  [/^at most (\d+)$/, (m) => t('validation.atMost', { n: m[1]! })],
  [/^letters, digits and \. _ @ - only/, () => t('validation.usernameChars')],
  [/^printable ASCII/, () => t('validation.printableAscii')],
  [/^not an IPv4 or IPv6 address$/, () => t('validation.notIp')],
  [/^not a valid domain name/, () => t('validation.notHostname')],
  [/^letters, digits and _ \. - only$/, () => t('validation.groupChars')],
  [/^must be a whole number$/, () => t('validation.wholeNumber')],
  [/already taken$/, () => t('validation.taken')],
]

export function translateValidation(message: string): string {
  for (const [pattern, say] of VALIDATION_PATTERNS) {
    const match = message.match(pattern)
    if (match) return say(match)
  }
  return message
}
