import demoCertificate from '../../../resources/demo-keys/nightly-etl.crt?raw'
import demoPrivateKey from '../../../resources/demo-keys/nightly-etl.key?raw'

/** The PEM's base64 alone, so line breaks and armor spacing do not matter. */
function pemBody(pem: string): string {
  return pem
    .replace(/-----(BEGIN|END)[^-]+-----/g, '')
    .replace(/\s+/g, '')
    .trim()
}

/**
 * The demo workspace's published key pair (resources/demo-keys): when an app's certificate is
 * the demo one, the runner can sign its JWT bearer assertions without asking for a key.
 */
export function demoKeyFor(certificate: string | null): string | null {
  if (!certificate) return null
  return pemBody(certificate) === pemBody(demoCertificate) ? demoPrivateKey : null
}
