import { z } from 'zod'
import * as v from '../validators'

export const PERMISSIONS = ['admin', 'user'] as const
export const permission = z.enum(PERMISSIONS)
export type Permission = z.infer<typeof permission>

/** What any response may say about a user: never a hash, an md5 or a proxy secret. */
export const userView = z.strictObject({
  id: z.number().int(),
  username: z.string(),
  permission,
  is_active: z.boolean(),
  proxy_expire_ts: z.number().int().nullable(),
  proxy_usable: z.boolean(),
  legacy_password: z.boolean(),
  register_ts: z.number().int(),
  register_ip: z.string().nullable(),
  last_login_ts: z.number().int().nullable(),
  last_login_ip: z.string().nullable(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
})
export type UserView = z.infer<typeof userView>

/** Returned once, when secrets are created or rotated, so the admin can hand them on. */
export const userWithSecrets = userView.extend({
  proxy_password: z.string(),
  sub_token: z.string(),
})
export type UserWithSecrets = z.infer<typeof userWithSecrets>

export const createUserInput = z
  .strictObject({
    username: v.username,
    password: v.loginPassword.optional(),
    login_password_md5: v.md5Hex.optional(),
    proxy_password: v.proxyPassword.optional(),
    permission: permission.default('user'),
    is_active: z.boolean().default(true),
    proxy_expire_ts: v.expiryTs.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.password === undefined && input.login_password_md5 === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'required (or login_password_md5 for a legacy import)' })
    }
    if (input.password !== undefined && input.login_password_md5 !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['login_password_md5'], message: 'give either password or login_password_md5' })
    }
  })
export type CreateUserInput = z.output<typeof createUserInput>

export const updateUserInput = z.strictObject({
  id: v.idParam,
  username: v.username.optional(),
  password: v.loginPassword.optional(),
  proxy_password: v.proxyPassword.optional(),
  permission: permission.optional(),
  is_active: z.boolean().optional(),
  proxy_expire_ts: v.expiryTs.optional(),
})
export type UpdateUserInput = z.output<typeof updateUserInput>

/** Columns the user list can be ordered by; each has an index, so a sorted page stays cheap at any size. */
export const USER_SORT_KEYS = ['id', 'username', 'proxy_expire_ts', 'last_login_ts'] as const
export const SORT_ORDERS = ['asc', 'desc'] as const

export const listUsersInput = z.strictObject({
  ...v.pagination,
  sort: z.enum(USER_SORT_KEYS).default('id'),
  order: z.enum(SORT_ORDERS).default('asc'),
  q: z.string().trim().max(64, 'at most 64 characters').optional(),
  permission: permission.optional(),
  is_active: v.queryBool.optional(),
})
export type ListUsersInput = z.output<typeof listUsersInput>

export const idInput = z.strictObject({ id: v.idParam })
