// POST /Action/login: the fake checks `passwd` (MD5 of the password) and, when present, `pass`
// (base64 of "salt_11" + password), the two forms the notes say routers accept.

import { createHash } from 'node:crypto'

export interface Credentials {
  username: string
  password: string
}

export function loginAccepted(body: unknown, credentials: Credentials): boolean {
  if (typeof body !== 'object' || body === null) return false
  const form = body as Record<string, unknown>
  const md5 = createHash('md5').update(credentials.password, 'utf8').digest('hex')
  if (form.username !== credentials.username || form.passwd !== md5) return false
  return form.pass === undefined || form.pass === Buffer.from(`salt_11${credentials.password}`, 'utf8').toString('base64')
}
