// How each reply generation spells an answer (NOTES.md "Two API generations", "Session expiry"). The codes
// for refused logins and calls are the fake's own choice: no public source shows one, and clients treat
// anything but the success code as failure.

export type Answer =
  | { kind: 'success'; data?: unknown; rowId?: number }
  | { kind: 'refused'; message: string }
  | { kind: 'session-expired' }
  | { kind: 'login-accepted' }
  | { kind: 'login-refused'; message: string }

const V3 = { success: 30000, refused: 30001, sessionExpired: 10014, loginAccepted: 10000, loginRefused: 10001 }
const V4 = { success: 0, refused: 1, sessionExpired: 1008, loginAccepted: 0, loginRefused: 1001 }

function v3(answer: Answer): Record<string, unknown> {
  switch (answer.kind) {
    case 'success':
      return { Result: V3.success, ErrMsg: 'Success', ...(answer.data !== undefined && { Data: answer.data }), ...(answer.rowId !== undefined && { RowId: answer.rowId }) }
    case 'refused':
      return { Result: V3.refused, ErrMsg: answer.message }
    case 'session-expired':
      return { Result: V3.sessionExpired, ErrMsg: 'no login authentication' }
    case 'login-accepted':
      return { Result: V3.loginAccepted, ErrMsg: 'Success' }
    case 'login-refused':
      return { Result: V3.loginRefused, ErrMsg: answer.message }
  }
}

function v4(answer: Answer): Record<string, unknown> {
  switch (answer.kind) {
    case 'success':
      return { code: V4.success, message: 'Success', ...(answer.data !== undefined && { results: answer.data }), ...(answer.rowId !== undefined && { rowid: answer.rowId }) }
    case 'refused':
      return { code: V4.refused, message: answer.message }
    case 'session-expired':
      return { code: V4.sessionExpired, message: 'Session expired' }
    case 'login-accepted':
      return { code: V4.loginAccepted, message: 'Success' }
    case 'login-refused':
      return { code: V4.loginRefused, message: answer.message }
  }
}

export function renderAnswer(generation: 3 | 4, answer: Answer): string {
  return JSON.stringify(generation === 3 ? v3(answer) : v4(answer))
}

const TOKEN_PLACEHOLDER = '\u0000timeout\u0000'

/** A success whose rows are the bare token `timeout`: not JSON, exactly as the firmware quirk sends it. */
export function renderTimeoutToken(generation: 3 | 4): string {
  return renderAnswer(generation, { kind: 'success', data: { total: 0, data: TOKEN_PLACEHOLDER } }).replace(JSON.stringify(TOKEN_PLACEHOLDER), 'timeout')
}
