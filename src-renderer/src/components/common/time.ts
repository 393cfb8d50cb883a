import { locale } from '../../i18n'

export const DAY_SECONDS = 24 * 3600
export const EXPIRING_SOON_SECONDS = 7 * DAY_SECONDS

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

export function formatDateTime(ts: number | null): string {
  if (ts === null) return ''
  return new Date(ts * 1000).toLocaleString(locale.value, { dateStyle: 'medium', timeStyle: 'short' })
}

export function formatDate(ts: number | null): string {
  if (ts === null) return ''
  return new Date(ts * 1000).toLocaleDateString(locale.value, { dateStyle: 'medium' })
}

export type ExpiryState = 'never' | 'expired' | 'soon' | 'later'

export function expiryState(expireTs: number | null, now = nowSeconds()): ExpiryState {
  if (expireTs === null || expireTs === 0) return 'never'
  if (expireTs <= now) return 'expired'
  return expireTs - now <= EXPIRING_SOON_SECONDS ? 'soon' : 'later'
}

/** Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(ts: number, months: number): number {
  const date = new Date(ts * 1000)
  const day = date.getDate()
  date.setDate(1)
  date.setMonth(date.getMonth() + months)
  const lastDay = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate()
  date.setDate(Math.min(day, lastDay))
  return Math.floor(date.getTime() / 1000)
}
