// The schema's patterns are Perl regexes (qr// stringified as `(?^:...)`, `(?^i:...)`, `{,16}`) and PVE applies
// them as `m/^$pattern$/`: anchored without a surrounding group, and with Perl's `$`, which also matches before a
// final newline. Node 20 has no inline `(?i:...)`, so case-insensitive groups are expanded into explicit classes.

const PERL_END_OF_STRING = '(?=\\n?$)'

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: '\\s',
  xdigit: '0-9a-fA-F',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
}

const cache = new Map<string, RegExp>()

/** The RegExp PVE's `m/^$pattern$/` amounts to. */
export function perlAnchoredPattern(pattern: string): RegExp {
  let compiled = cache.get(pattern)
  if (!compiled) {
    compiled = new RegExp(`^${perlToJs(pattern)}${PERL_END_OF_STRING}`)
    cache.set(pattern, compiled)
  }
  return compiled
}

function isLetter(char: string): boolean {
  return /[a-zA-Z]/.test(char)
}

function bothCases(char: string): string {
  return `${char.toLowerCase()}${char.toUpperCase()}`
}

/** Converts one Perl pattern to JavaScript syntax with the same meaning. */
function perlToJs(pattern: string): string {
  let out = ''
  const caseInsensitive: boolean[] = [false]
  let index = 0
  const ci = (): boolean => caseInsensitive[caseInsensitive.length - 1]!
  while (index < pattern.length) {
    const char = pattern[index]!
    if (char === '\\') {
      const escaped = pattern.slice(index, index + 2)
      if (escaped === '\\z') out += '$'
      else if (escaped === '\\A') out += '^'
      else if (escaped === '\\Z') out += PERL_END_OF_STRING
      else if (escaped === '\\h') out += '[ \\t]'
      else out += escaped
      index += 2
    } else if (char === '[') {
      const { text, end } = convertClass(pattern, index, ci())
      out += text
      index = end
    } else if (char === '(') {
      const flagGroup = /^\(\?\^?([a-z]*):/.exec(pattern.slice(index))
      if (flagGroup) {
        const resets = flagGroup[0].startsWith('(?^')
        const flags = flagGroup[1]!
        caseInsensitive.push(flags.includes('i') || (!resets && ci()))
        out += '(?:'
        index += flagGroup[0].length
      } else {
        caseInsensitive.push(ci())
        out += '('
        index += 1
      }
    } else if (char === ')') {
      if (caseInsensitive.length > 1) caseInsensitive.pop()
      out += ')'
      index += 1
    } else if (char === '{' && pattern[index + 1] === ',') {
      out += '{0,'
      index += 2
    } else if (char === '$') {
      out += PERL_END_OF_STRING
      index += 1
    } else {
      out += ci() && isLetter(char) ? `[${bothCases(char)}]` : char
      index += 1
    }
  }
  return out
}

function convertClass(pattern: string, start: number, caseInsensitive: boolean): { text: string; end: number } {
  let index = start + 1
  let body = ''
  if (pattern[index] === '^') {
    body += '^'
    index += 1
  }
  if (pattern[index] === ']') {
    body += '\\]'
    index += 1
  }
  const extra: string[] = []
  while (index < pattern.length && pattern[index] !== ']') {
    const posix = /^\[:(\w+):\]/.exec(pattern.slice(index))
    if (posix) {
      body += POSIX_CLASSES[posix[1]!] ?? ''
      index += posix[0].length
      continue
    }
    const char = pattern[index]!
    if (char === '\\') {
      body += pattern.slice(index, index + 2)
      index += 2
      continue
    }
    const isRange = pattern[index + 1] === '-' && pattern[index + 2] !== undefined && pattern[index + 2] !== ']'
    if (isRange) {
      const last = pattern[index + 2]!
      body += `${char}-${last}`
      if (caseInsensitive && isLetter(char) && isLetter(last)) {
        extra.push(`${swapCase(char)}-${swapCase(last)}`)
      }
      index += 3
      continue
    }
    body += char
    if (caseInsensitive && isLetter(char)) extra.push(swapCase(char))
    index += 1
  }
  return { text: `[${body}${extra.join('')}]`, end: index + 1 }
}

function swapCase(char: string): string {
  return char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()
}
