/** One sentence about the JWT view (its header, shown while the inspector loads). */
export const JWT_DESCRIPTION =
  'Decode any JSON Web Token — id tokens, JWT access tokens, JWT bearer assertions — check its signature, times and audience, or build and sign one by hand.'
