import { describe, expect, it } from 'vitest'
import { probeRouterCertificate } from '../../src-main/core/ikuai/probeRouterCertificate'
import { useFakeIkuai } from './useFakeIkuai'

describe('iKuai over https with its self-signed certificate', () => {
  const router = useFakeIkuai({ https: true })

  it('shows the certificate for the admin to pin', async () => {
    const probe = await probeRouterCertificate(router.fake().url, 2_000)
    expect(probe).toMatchObject({ fingerprint: router.fake().fingerprint, trustedBySystem: false, subject: expect.stringContaining('CN=iKuai') })
    expect(await probeRouterCertificate('http://127.0.0.1:1', 2_000)).toBeNull()
  })

  it('accepts the pinned certificate, given in any letter case', async () => {
    expect(await router.client().login()).toEqual({ generation: 3 })
    expect(await router.client({ fingerprint: router.fake().fingerprint!.toLowerCase() }).listDnat()).toEqual([])
  })

  it('refuses another certificate before sending the password', async () => {
    const wrong = 'AA:'.repeat(31) + 'AA'
    await expect(router.client({ fingerprint: wrong }).login()).rejects.toMatchObject({
      code: 'CERTIFICATE_MISMATCH',
      message: `the certificate of ${new URL(router.fake().url).host} changed: expected ${wrong} got ${router.fake().fingerprint}`,
    })
    expect(router.fake().loginCount).toBe(0)
  })

  it('refuses the self-signed certificate when nothing is pinned', async () => {
    await expect(router.client({ fingerprint: null }).login()).rejects.toMatchObject({ code: 'CERTIFICATE_MISMATCH', message: expect.stringContaining('not trusted') })
    expect(router.fake().loginCount).toBe(0)
  })
})
