import { t, type MessageKey } from '../../i18n'

/** The UI-language headline for an error code a test result carries; an unknown code is shown as it is. */
export function errorHeadline(code: string): string {
  const key = `errors.${code}` as MessageKey
  const said = t(key)
  return said === key ? code : said
}
