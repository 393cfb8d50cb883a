import { sql, type RawBuilder } from 'kysely'

/** Escapes LIKE's wildcards so user text matches literally; needs the ESCAPE clause the helpers below add. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** `column LIKE 'text%'`: on a NOCASE-indexed column SQLite turns this into an index range. */
export function likePrefix(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} LIKE ${`${escapeLike(text)}%`} ESCAPE '\\'`
}

/** `column LIKE '%text%'`, for short tables where a substring search is worth a scan. */
export function likeContains(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`
}
