// pve-http-server's extract_params / decode_urlencoded: the body (form or JSON) for POST and PUT, with the query
// string merged over it. Form decoding keeps Perl's quirks: repeated keys are joined with NUL, a value stops at
// a second unescaped `=`, and an empty value counts as not given.

import type { ParamValue } from './schema/validateParams'

function unescapeFormPart(part: string): string {
  const bytes = Buffer.from(part.replace(/\+/g, ' ').replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
  return bytes.toString('utf8')
}

/** Perl's split: trailing empty fields are dropped. */
function perlSplit(text: string, separator: RegExp): string[] {
  const fields = text.split(separator)
  while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop()
  return fields
}

export function decodeUrlencoded(data: string): Record<string, ParamValue> {
  const result: Record<string, ParamValue> = {}
  for (const pair of perlSplit(data, /[&;]/)) {
    // my ($k, $v) = split(/=/, $kv): whatever follows a second '=' is lost.
    const [rawKey = '', rawValue] = perlSplit(pair, /=/)
    const key = unescapeFormPart(rawKey)
    if (rawValue === undefined) {
      result[key] = undefined
      continue
    }
    const value = unescapeFormPart(rawValue)
    const previous = result[key]
    result[key] = typeof previous === 'string' ? `${previous}\0${value}` : value
  }
  return result
}

export class MalformedBodyError extends Error {}

export function extractParams(method: string, contentType: string | undefined, body: string, query: string): Record<string, ParamValue> {
  let params: Record<string, ParamValue> = {}
  if (method === 'POST' || method === 'PUT') {
    if (contentType === 'application/json') {
      let decoded: unknown
      try {
        decoded = JSON.parse(body)
      } catch (error) {
        throw new MalformedBodyError(`malformed JSON string: ${(error as Error).message}`)
      }
      if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) throw new MalformedBodyError('Not a HASH reference')
      params = decoded as Record<string, ParamValue>
    } else {
      params = decodeUrlencoded(body)
    }
  }
  Object.assign(params, decodeUrlencoded(query))
  delete params._dc
  return params
}
