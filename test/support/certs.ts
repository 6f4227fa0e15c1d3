import { webcrypto } from 'node:crypto'
// @peculiar/x509 needs a Reflect metadata polyfill (its tsyringe dependency checks for one
// when it loads). the reflect-metadata package provides it. x509 itself is imported lazily below, so the
// polyfill is certainly installed first whatever order the test runner loads modules in.
import 'reflect-metadata'

type CryptoKey = webcrypto.CryptoKey

/** An RSA key pair and a self-signed certificate for it, as a connected app would register. */
export interface TestCertificate {
  /** PEM X.509 certificate: what goes into the app's `certificate` field. */
  certificatePem: string
  /** The private key, for signing assertions with jose (RS256). */
  privateKey: CryptoKey
  /** The same private key as PKCS#8 PEM (for clients that take a key file, like the CLI). */
  privateKeyPem: string
}

const RSA_SHA256: webcrypto.RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
}

function pem(label: string, der: ArrayBuffer): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

/**
 * A fresh 2048-bit RSA key and a self-signed certificate valid for a year around now —
 * what the Salesforce docs tell you to create with openssl for the JWT bearer flow.
 */
export async function createTestCertificate(
  commonName = 'gatehouse-test',
): Promise<TestCertificate> {
  const x509 = await import('@peculiar/x509')
  x509.cryptoProvider.set(webcrypto)
  const keys = (await webcrypto.subtle.generateKey(RSA_SHA256, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair
  const now = Date.now()
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${commonName}`,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
    signingAlgorithm: RSA_SHA256,
    keys,
  })
  return {
    certificatePem: certificate.toString('pem'),
    privateKey: keys.privateKey,
    privateKeyPem: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
  }
}
