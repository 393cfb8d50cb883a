// iKuai routers serve their web UI with a self-signed certificate; so does the fake. The openssl CLI does the
// work so the fake needs no npm dependency; a P-256 key keeps start-up fast.

import { execFile } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface SelfSignedCertificate {
  certPem: string
  keyPem: string
  /** SHA-256 of the DER certificate, `AB:CD:...`. */
  fingerprint: string
}

/** Valid for 127.0.0.1 and localhost. */
export async function createSelfSignedCertificate(): Promise<SelfSignedCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-ikuai-cert-'))
  try {
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '3650',
      '-subj', '/CN=iKuai/O=fake-ikuai',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ])
    const certPem = await readFile(join(dir, 'cert.pem'), 'utf8')
    return { certPem, keyPem: await readFile(join(dir, 'key.pem'), 'utf8'), fingerprint: new X509Certificate(certPem).fingerprint256 }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
