import { describe, expect, it } from 'vitest'
import { parseBaseUrl } from '../../src-main/core/pve/pveConnection'
import { probeCertificate } from '../../src-main/core/tls/probeCertificate'
import { useFakePve } from './useFakePve'

describe('TLS: system CAs or a pinned fingerprint', () => {
  const pve = useFakePve()

  it('probes the certificate for the admin without trusting it', async () => {
    const probe = await probeCertificate(parseBaseUrl(pve.fake().url), 2_000)
    expect(probe).toMatchObject({ fingerprint: pve.fake().fingerprint, trustedBySystem: false, subject: expect.stringContaining('CN=') })
    expect(new Date(probe.validTo).getTime()).toBeGreaterThan(new Date(probe.validFrom).getTime())
  })

  it('accepts the pinned certificate, self-signed or not, given in any letter case', async () => {
    expect((await pve.client().version()).release).toBeTruthy()
    expect((await pve.client({ fingerprint: pve.fake().fingerprint.toLowerCase() }).nodes()).length).toBeGreaterThan(0)
  })

  it('refuses a certificate that is not trusted by the system CAs when nothing is pinned', async () => {
    await expect(pve.client({ fingerprint: null }).version()).rejects.toMatchObject({ code: 'CERTIFICATE_MISMATCH', message: expect.stringContaining('not trusted') })
  })

  it('refuses another certificate with both fingerprints named, before any request is sent', async () => {
    const wrong = 'AA:'.repeat(31) + 'AA'
    const client = pve.client({ fingerprint: wrong })
    const tasksBefore = pve.fake().state.tasks.size
    await expect(client.createLxc('pve1', { vmid: 190, ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' })).rejects.toMatchObject({
      code: 'CERTIFICATE_MISMATCH',
      message: `the certificate of ${new URL(pve.fake().url).host} changed: expected ${wrong} got ${pve.fake().fingerprint}`,
    })
    expect(pve.fake().state.containers.has(190)).toBe(false)
    expect(pve.fake().state.tasks.size).toBe(tasksBefore)
  })

  it('refuses a rotated certificate, also on a client that had trusted the old one', async () => {
    const client = pve.client()
    await client.version()
    const pinned = pve.fake().fingerprint
    await pve.fake().rotateCertificate()
    expect(pve.fake().fingerprint).not.toBe(pinned)
    const changed = { code: 'CERTIFICATE_MISMATCH', message: expect.stringContaining(`expected ${pinned} got ${pve.fake().fingerprint}`) }
    await expect(pve.client({ fingerprint: pinned }).version()).rejects.toMatchObject(changed)
    // A socket opened before the rotation may live on; the reset forces the old client onto a new one.
    pve.fake().faults.set({ match: { method: 'GET', pathPrefix: '/version' }, kind: 'reset', times: 1 })
    await expect(client.version()).rejects.toMatchObject(changed)
    expect((await pve.client({ fingerprint: pve.fake().fingerprint }).nodes()).length).toBeGreaterThan(0)
  })
})
