// Real PVE nodes serve a leaf certificate signed by the cluster's own CA, under names the admin may not use
// (an IP address, say). Pinning that leaf must work without trusting the CA, and pinning the CA must not.
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PveClient } from '../../src-main/core/pve/pveClient'
import { useTempDir } from '../helpers/tempDir'

function clusterCertificates(dir: string) {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Proxmox Virtual Environment', '-addext', 'basicConstraints=critical,CA:TRUE')
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'node.key', '-out', 'node.csr', '-subj', '/CN=pve1.lan')
  writeFileSync(join(dir, 'ext'), 'subjectAltName=DNS:pve1.lan\nbasicConstraints=CA:FALSE\n')
  openssl('x509', '-req', '-in', 'node.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'node.pem', '-days', '20', '-extfile', 'ext')
  const read = (name: string) => readFileSync(join(dir, name), 'utf8')
  return { key: read('node.key'), chain: read('node.pem') + read('ca.pem'), leaf: read('node.pem'), ca: read('ca.pem') }
}

describe('pinning a CA-signed node certificate', () => {
  const tempDir = useTempDir()
  const closers: Array<() => Promise<unknown>> = []
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()))
  })

  it('accepts the pinned leaf whatever its names, and refuses a pin of its CA', async () => {
    const certs = clusterCertificates(tempDir())
    let requests = 0
    const server = https.createServer({ key: certs.key, cert: certs.chain }, (_req, res) => {
      requests += 1
      res.setHeader('content-type', 'application/json')
      res.end('{"data":{"version":"9.1.1","release":"9.1","repoid":"abcdef"}}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise((resolve) => server.close(resolve)))
    const baseUrl = `https://127.0.0.1:${(server.address() as { port: number }).port}`
    const client = (fingerprint: string) => {
      const c = new PveClient({ baseUrl, tokenId: 'root@pam!proxdesk', tokenSecret: 'secret', fingerprint })
      closers.push(() => c.close())
      return c
    }

    expect(await client(new X509Certificate(certs.leaf).fingerprint256).version()).toMatchObject({ release: '9.1' })
    expect(requests).toBe(1)
    await expect(client(new X509Certificate(certs.ca).fingerprint256).version()).rejects.toMatchObject({ code: 'CERTIFICATE_MISMATCH' })
    expect(requests).toBe(1)
  })
})
