// How parameters travel to PVE: in the query for GET/DELETE, as an application/x-www-form-urlencoded body for
// POST/PUT (pve-http-server extract_params). Booleans are 0/1; absent values are left out rather than sent
// empty, because an empty value means "set to empty" to PVE.

export type PveParamValue = string | number | boolean | null | undefined
export type PveParams = Record<string, PveParamValue>

export function encodeParams(params: PveParams = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue
    search.append(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value))
  }
  return search.toString()
}

/** A path template whose interpolated values (node names, UPIDs, user ids) are percent-encoded. */
export function pvePath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((path, part, i) => path + part + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '')
}

/** A path as messages show it: /nodes/pve1/tasks/UPID:… rather than UPID%3A…. */
export function displayPath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}
