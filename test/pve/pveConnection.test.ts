import { describe, expect, it } from 'vitest'
import { resolveConnection } from '../../src-main/core/pve/pveConnection'

describe('connection settings', () => {
  it('prefers the API token and keeps the password for ticket login', () => {
    const resolved = resolveConnection({
      baseUrl: 'https://pve.example:8006/api2/json',
      tokenId: 'root@pam!proxdesk',
      tokenSecret: 'secret-uuid',
      username: 'root@pam',
      password: 'pw',
      fingerprint: 'ab'.repeat(32),
    })
    expect(resolved).toMatchObject({
      origin: 'https://pve.example:8006',
      endpoint: 'pve.example:8006',
      hostname: 'pve.example',
      port: 8006,
      credentials: { kind: 'token', tokenId: 'root@pam!proxdesk' },
      login: { username: 'root@pam', password: 'pw' },
      fingerprint: Array(32).fill('AB').join(':'),
      timeoutMs: 15_000,
    })
    expect(resolveConnection({ baseUrl: 'https://[2001:db8::1]:8006', username: 'root@pam', password: 'pw' })).toMatchObject({
      hostname: '2001:db8::1',
      credentials: { kind: 'ticket', username: 'root@pam' },
      fingerprint: null,
    })
  })

  it.each([
    [{ baseUrl: 'http://pve.example:8006', tokenId: 'a@pam!tok', tokenSecret: 's' }, 'baseUrl'],
    [{ baseUrl: 'https://root:pw@pve.example:8006', tokenId: 'a@pam!tok', tokenSecret: 's' }, 'baseUrl'],
    [{ baseUrl: 'https://pve.example:8006/other', tokenId: 'a@pam!tok', tokenSecret: 's' }, 'baseUrl'],
    [{ baseUrl: 'https://pve.example:8006', tokenId: 'a@pam', tokenSecret: 's' }, 'tokenId'],
    [{ baseUrl: 'https://pve.example:8006', tokenId: 'a@pam!t', tokenSecret: 's' }, 'tokenId'],
    [{ baseUrl: 'https://pve.example:8006', tokenId: 'a@pam!tok' }, 'tokenSecret'],
    [{ baseUrl: 'https://pve.example:8006' }, 'tokenId'],
    [{ baseUrl: 'https://pve.example:8006', tokenId: 'a@pam!tok', tokenSecret: 's', fingerprint: 'AB:CD' }, 'fingerprint'],
  ])('refuses %j on %s', (config, field) => {
    expect(() => resolveConnection(config)).toThrow(expect.objectContaining({ code: 'VALIDATION', fields: { [field]: expect.any(String) } }))
  })

  it('never puts the token secret into its errors', () => {
    expect(() => resolveConnection({ baseUrl: 'https://pve.example:8006', tokenId: 'bad', tokenSecret: 'top-secret-value' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('top-secret-value') }),
    )
  })
})
