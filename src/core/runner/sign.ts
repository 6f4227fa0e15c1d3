import { importPKCS8, SignJWT } from 'jose'
import type { WorkspaceApp } from '../workspace'
import { demoKeyFor } from './demo-key'

export class SigningKeyMissing extends Error {}

/**
 * The key the runner signs a JWT bearer assertion with: the one the user gave (options
 * `privateKey`, PKCS#8 PEM) or, when the app's certificate is the demo one, the demo key.
 * Claims are signed exactly as given, so a wrong `aud` or a past `exp` reaches the server.
 */
export async function signAssertion(
  app: WorkspaceApp,
  privateKey: string | undefined,
  claims: Record<string, unknown>,
): Promise<string> {
  const pem = privateKey ?? demoKeyFor(app.certificate)
  if (!pem) {
    throw new SigningKeyMissing(
      `options.privateKey: ${app.name}'s certificate is not the demo one; give the private key (PKCS#8 PEM) that matches it`,
    )
  }
  let key
  try {
    key = await importPKCS8(pem, 'RS256')
  } catch (error) {
    throw new SigningKeyMissing(
      `options.privateKey: not an RSA private key in PKCS#8 PEM (${(error as Error).message})`,
    )
  }
  return new SignJWT(claims as Record<string, unknown>)
    .setProtectedHeader({ alg: 'RS256' })
    .sign(key)
}
