// Who is signed in. The bearer token lives in sessionStorage only (gone with the tab); nothing secret goes to localStorage.
import { computed, ref } from 'vue'
import type { UserView } from '@shared/domain/users'
import type { TransportKind } from './transport'

const TOKEN_KEY = 'proxdesk.session-token'

export interface SignedInUser {
  username: string
  permission: UserView['permission']
}

/** Over IPC the main process trusts its own window: the desktop operator is always signed in. */
const DESKTOP_OPERATOR: SignedInUser = { username: 'desktop', permission: 'admin' }

export const sessionToken = ref<string | null>(readToken())
export const currentUser = ref<SignedInUser | null>(null)
export const transportKind = ref<TransportKind>('http')

export const isSignedIn = computed(() => transportKind.value === 'ipc' || (sessionToken.value !== null && currentUser.value !== null))

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

export function useDesktopSession(): void {
  transportKind.value = 'ipc'
  currentUser.value = DESKTOP_OPERATOR
}

export function startSession(token: string, user: SignedInUser): void {
  sessionStorage.setItem(TOKEN_KEY, token)
  sessionToken.value = token
  currentUser.value = { username: user.username, permission: user.permission }
}

export function endSession(): void {
  sessionStorage.removeItem(TOKEN_KEY)
  sessionToken.value = null
  currentUser.value = null
}
