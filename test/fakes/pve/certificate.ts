// Certificates like a fresh PVE install has them: a cluster CA (/etc/pve/pve-root-ca.pem) and a node certificate
// (pve-ssl.pem) signed by it. The openssl CLI does the work so the fake needs no npm dependency. Keys are P-256
// instead of PVE's RSA 2048 only to keep start-up fast; fingerprints and chains behave the same.

import { execFile } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface CertificateAuthority {
  certPem: string
  keyPem: string
}

export interface NodeCertificate {
  certPem: string
  keyPem: string
  /** SHA-256 of the DER certificate, `AB:CD:...` as PVE prints it. */
  fingerprint: string
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-pve-cert-'))
  try {
    return await work(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export function createCertificateAuthority(): Promise<CertificateAuthority> {
  return inTempDir(async (dir) => {
    await run('openssl', [
      'req', '-x509', ...EC_KEY,
      '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-days', '3650',
      '-subj', '/CN=Proxmox Virtual Environment/OU=fake-pve/O=PVE Cluster Manager CA',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ])
    return { certPem: await readFile(join(dir, 'ca.pem'), 'utf8'), keyPem: await readFile(join(dir, 'ca.key'), 'utf8') }
  })
}

/** A fresh key and certificate for `nodeName`, valid for 127.0.0.1 and localhost. */
export function issueNodeCertificate(ca: CertificateAuthority, nodeName: string): Promise<NodeCertificate> {
  return inTempDir(async (dir) => {
    await writeFile(join(dir, 'ca.pem'), ca.certPem)
    await writeFile(join(dir, 'ca.key'), ca.keyPem, { mode: 0o600 })
    await writeFile(
      join(dir, 'ext.cnf'),
      [
        `subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:${nodeName}`,
        'basicConstraints=CA:FALSE',
        'keyUsage=digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        '',
      ].join('\n'),
    )
    await run('openssl', [
      'req', '-new', ...EC_KEY,
      '-keyout', join(dir, 'node.key'), '-out', join(dir, 'node.csr'),
      '-subj', `/CN=${nodeName}/OU=PVE Cluster Node/O=Proxmox Virtual Environment`,
    ])
    await run('openssl', [
      'x509', '-req', '-in', join(dir, 'node.csr'),
      '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial',
      '-days', '700', '-sha256', '-extfile', join(dir, 'ext.cnf'), '-out', join(dir, 'node.pem'),
    ])
    const certPem = await readFile(join(dir, 'node.pem'), 'utf8')
    return {
      certPem,
      keyPem: await readFile(join(dir, 'node.key'), 'utf8'),
      fingerprint: new X509Certificate(certPem).fingerprint256,
    }
  })
}
