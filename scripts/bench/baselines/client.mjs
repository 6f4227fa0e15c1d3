// The one confidential client the baseline token servers know.
export const BASELINE_CLIENT = {
  id: 'bench-client',
  secret: 'bench-client-secret-0123456789abcdef0123456789',
}
