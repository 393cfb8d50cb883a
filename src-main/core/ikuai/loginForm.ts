// The body of POST /Action/login in the form most public clients send (NOTES.md "Login"). Routers evidently
// authenticate on `passwd` and tolerate variants of `pass`, but the majority form is the one known to work
// everywhere. Both are derived from the UTF-8 bytes of the password.
import { createHash } from 'node:crypto'

export interface LoginForm {
  username: string
  /** Lowercase hex MD5 of the password. */
  passwd: string
  /** Base64 of "salt_11" followed by the password. */
  pass: string
  remember_password: ''
}

export function loginForm(username: string, password: string): LoginForm {
  return {
    username,
    passwd: createHash('md5').update(password, 'utf8').digest('hex'),
    pass: Buffer.from(`salt_11${password}`, 'utf8').toString('base64'),
    remember_password: '',
  }
}
