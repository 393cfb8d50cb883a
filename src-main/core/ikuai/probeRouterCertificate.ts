// The certificate an https router shows, for the admin to compare and pin (routers ship self-signed ones).
import { probeCertificate, type CertificateProbe } from '../tls/probeCertificate'
import { parseRouterUrl } from './routerConnection'

/** null for an http:// router, which has no certificate. */
export async function probeRouterCertificate(baseUrl: string, timeoutMs: number): Promise<CertificateProbe | null> {
  const target = parseRouterUrl(baseUrl)
  return target.https ? probeCertificate(target, timeoutMs) : null
}
