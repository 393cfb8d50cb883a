import type { Permission } from '@shared/domain/users'

/** Who is calling: a logged-in user, or the desktop operator (id null) over IPC. */
export interface Actor {
  id: number | null
  username: string
  permission: Permission
}

export interface CallContext {
  actor: Actor | null
  ip: string | null
  /** Digest of the bearer token that authenticated this call, so logout can end exactly this session. */
  sessionTokenHash?: string
}
