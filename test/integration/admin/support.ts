import type { RunningGatehouse } from '../../support/gatehouse'

/** A JSON answer: each test asserts the shape it expects, so it is read loosely here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

/** fetch against the admin API with the engine's token (JSON bodies encoded). */
export async function admin(
  gh: RunningGatehouse,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await gh.fetch(`/_gatehouse/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${gh.engine.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers }
}
