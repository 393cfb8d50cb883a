const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'

/** A random password from the Web Crypto RNG; unambiguous letters so it can be read out or typed. */
export function randomSecret(length = 20): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
  let out = ''
  // Rejection sampling keeps every character equally likely.
  for (const byte of bytes) {
    if (byte < 256 - (256 % ALPHABET.length)) out += ALPHABET[byte % ALPHABET.length]
    if (out.length === length) return out
  }
  return out + randomSecret(length - out.length)
}
