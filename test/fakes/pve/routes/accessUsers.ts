// Users and API tokens (pve-access-control API2/User.pm). Changes run under lock_user_config, which prefixes
// their errors with "create user failed: " and the like.

import { randomUUID } from 'node:crypto'
import { PveError, pveDie } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import type { FakeToken, FakeUser } from '../state'

const REALMS = new Set(['pam', 'pve'])
const USER_FIELDS = ['firstname', 'lastname', 'email', 'comment'] as const

/** lock_user_config($code, $errmsg): a `die` inside the locked section gets the operation as prefix. */
function underUserLock<T>(errorPrefix: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    if (error instanceof PveError && error.status === 500) throw pveDie(`${errorPrefix}: ${error.message}`)
    throw error
  }
}

/** PVE::AccessControl::check_user_exist */
function existingUser(ctx: HandlerContext, userid: string): FakeUser {
  const user = ctx.state.users.get(userid)
  if (!user) throw pveDie(`no such user ('${userid}')`)
  return user
}

function applyUserFields(ctx: HandlerContext, user: FakeUser): void {
  for (const field of USER_FIELDS) {
    const value = ctx.string(field)
    if (value !== undefined) user[field] = value
  }
  if (ctx.string('enable') !== undefined) user.enable = ctx.flag('enable')
  const expire = ctx.integer('expire')
  if (expire !== undefined) user.expire = expire
}

/** The fields GET /access/users/{userid} and the user list share. */
function userFields(user: FakeUser): Record<string, unknown> {
  const fields: Record<string, unknown> = { enable: user.enable ? 1 : 0, expire: user.expire }
  for (const field of USER_FIELDS) if (user[field] !== undefined) fields[field] = user[field]
  return fields
}

function tokenInfo(token: FakeToken): Record<string, unknown> {
  return { expire: token.expire, privsep: token.privsep ? 1 : 0, ...(token.comment !== undefined ? { comment: token.comment } : {}) }
}

function dropAcls(ctx: HandlerContext, ugid: string, type: 'user' | 'token'): void {
  ctx.state.acls = ctx.state.acls.filter((acl) => !(acl.type === type && acl.ugid === ugid))
}

export const accessUserRoutes: RouteTable = {
  // Users outside the caller's reach are left out rather than refused; the caller itself is always listed.
  'GET /access/users': (ctx) => {
    const seesAll = ctx.services.permissions.check(ctx.authid, '/access/groups', ['User.Modify', 'Sys.Audit'], {
      any: true,
      noerr: true,
    })
    const enabledOnly = ctx.flag('enabled')
    return [...ctx.state.users.values()]
      .filter((user) => seesAll || user.userid === ctx.identity?.userid)
      .filter((user) => !enabledOnly || user.enable)
      .sort((a, b) => a.userid.localeCompare(b.userid))
      .map((user) => ({
        userid: user.userid,
        ...userFields(user),
        'realm-type': user.userid.split('@')[1],
        ...(ctx.flag('full') ? { tokens: [...user.tokens.values()].map((token) => ({ tokenid: token.tokenid, ...tokenInfo(token) })) } : {}),
      }))
  },

  'POST /access/users': (ctx) => {
    const userid = ctx.requiredString('userid')
    underUserLock('create user failed', () => {
      if (ctx.state.users.has(userid)) throw pveDie(`user '${userid}' already exists`)
      const realm = userid.split('@')[1] ?? ''
      const password = ctx.string('password')
      if (password !== undefined && !REALMS.has(realm)) throw pveDie(`auth domain '${realm}' does not exist`)
      const user: FakeUser = { userid, enable: true, expire: 0, tokens: new Map(), ...(password !== undefined ? { password } : {}) }
      applyUserFields(ctx, user)
      ctx.state.users.set(userid, user)
    })
    return null
  },

  'GET /access/users/{userid}': (ctx) => {
    const user = existingUser(ctx, ctx.requiredString('userid'))
    return {
      ...userFields(user),
      groups: [...ctx.state.groups].filter(([, members]) => members.has(user.userid)).map(([group]) => group),
      tokens: Object.fromEntries([...user.tokens.values()].map((token) => [token.tokenid, tokenInfo(token)])),
    }
  },

  'PUT /access/users/{userid}': (ctx) => {
    underUserLock('update user failed', () => applyUserFields(ctx, existingUser(ctx, ctx.requiredString('userid'))))
    return null
  },

  'DELETE /access/users/{userid}': (ctx) => {
    const userid = ctx.requiredString('userid')
    underUserLock('delete user failed', () => {
      const user = existingUser(ctx, userid)
      for (const token of user.tokens.keys()) dropAcls(ctx, `${userid}!${token}`, 'token')
      dropAcls(ctx, userid, 'user')
      for (const members of ctx.state.groups.values()) members.delete(userid)
      ctx.state.users.delete(userid)
    })
    return null
  },

  'GET /access/users/{userid}/token': (ctx) =>
    [...existingUser(ctx, ctx.requiredString('userid')).tokens.values()].map((token) => ({ tokenid: token.tokenid, ...tokenInfo(token) })),

  'POST /access/users/{userid}/token/{tokenid}': (ctx) => {
    const userid = ctx.requiredString('userid')
    const tokenid = ctx.requiredString('tokenid')
    const user = existingUser(ctx, userid)
    if (user.tokens.has(tokenid)) throw pveDie('Token already exists.')
    const comment = ctx.string('comment')
    const token: FakeToken = {
      tokenid,
      secret: randomUUID(),
      privsep: ctx.string('privsep') === undefined ? true : ctx.flag('privsep'),
      expire: ctx.integer('expire') ?? user.expire,
      ...(comment !== undefined ? { comment } : {}),
    }
    user.tokens.set(tokenid, token)
    return { 'full-tokenid': `${userid}!${tokenid}`, info: tokenInfo(token), value: token.secret }
  },

  'DELETE /access/users/{userid}/token/{tokenid}': (ctx) => {
    const userid = ctx.requiredString('userid')
    const tokenid = ctx.requiredString('tokenid')
    if (!existingUser(ctx, userid).tokens.delete(tokenid)) throw pveDie(`no such token '${tokenid}' for user '${userid}'`)
    dropAcls(ctx, `${userid}!${tokenid}`, 'token')
    return null
  },
}
