// Roles and ACLs (pve-access-control API2/Role.pm and API2/ACL.pm).

import { splitTokenId } from '../auth'
import { paramException, PveError, pveDie } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import { normalizeAclPath } from '../permissions'
import { splitList } from '../schema/formats'
import type { FakeAcl, FakeRole } from '../state'

/** AccessControl::check_path: the object paths ACLs may be set on. */
const ACL_PATH_RE = new RegExp(
  '^(?:/|/access|/access/groups|/access/groups/[\\w.-]+|/access/realm|/access/realm/[\\w.-]+|/mapping|/mapping/[\\w.-]+' +
    '|/mapping/[\\w.-]+/[\\w.-]+|/nodes|/nodes/[\\w.-]+|/pool|/pool/[\\w.-]+(?:/[\\w.-]+){0,2}|/sdn|/sdn/\\w+(?:/[\\w-]+){0,3}' +
    '|/storage|/storage/[\\w.-]+|/vms|/vms/[1-9][0-9]{2,})$',
)

/** lock_user_config($code, $errmsg): a `die` inside the locked section gets the operation as prefix. */
function lockedUpdate(prefix: string, work: () => void): null {
  try {
    work()
  } catch (error) {
    if (error instanceof PveError || !(error instanceof Error)) throw error
    throw pveDie(`${prefix}: ${error.message}`)
  }
  return null
}

function existingRole(ctx: HandlerContext, roleid: string): FakeRole {
  const role = ctx.state.roles.get(roleid)
  if (!role) throw new Error(`role '${roleid}' does not exist`)
  return role
}

function updateAcl(ctx: HandlerContext): null {
  const given = (name: string): boolean => !['', '0', undefined].includes(ctx.string(name))
  if (!given('users') && !given('groups') && !given('tokens')) {
    const message = "either 'users', 'groups' or 'tokens' is required."
    throw paramException({ users: message, groups: message, tokens: message })
  }
  const users = splitList(ctx.string('users') ?? '')
  const groups = splitList(ctx.string('groups') ?? '')
  const tokens = splitList(ctx.string('tokens') ?? '')
  const path = normalizeAclPath(ctx.requiredString('path'))
  if (!path || !ACL_PATH_RE.test(path)) throw paramException({ path: `invalid ACL path '${ctx.requiredString('path')}'` })
  const remove = ctx.flag('delete')
  const propagate = ctx.string('propagate') === undefined ? true : ctx.flag('propagate')
  return lockedUpdate('ACL update failed', () => {
    const entries: FakeAcl[] = []
    for (const roleid of splitList(ctx.requiredString('roles'))) {
      existingRole(ctx, roleid)
      for (const group of groups) {
        if (!ctx.state.groups.has(group)) throw new Error(`group '${group}' does not exist`)
        entries.push({ path, type: 'group', ugid: group, roleid, propagate })
      }
      for (const user of users) {
        if (!ctx.state.users.has(user)) throw new Error(`user '${user}' does not exist`)
        entries.push({ path, type: 'user', ugid: user, roleid, propagate })
      }
      for (const tokenid of tokens) {
        const split = splitTokenId(tokenid)
        if (!split) throw new Error(`'${tokenid}' is not a valid token ID - not able to split into user and token parts`)
        if (!ctx.state.users.get(split.userid)?.tokens.has(split.tokenName)) {
          throw new Error(`no such token '${split.tokenName}' for user '${split.userid}'`)
        }
        entries.push({ path, type: 'token', ugid: tokenid, roleid, propagate })
      }
    }
    const same = (a: FakeAcl, b: FakeAcl): boolean => a.path === b.path && a.type === b.type && a.ugid === b.ugid && a.roleid === b.roleid
    ctx.state.acls = ctx.state.acls.filter((acl) => !entries.some((entry) => same(acl, entry)))
    if (!remove) ctx.state.acls.push(...entries)
  })
}

export const accessRoleRoutes: RouteTable = {
  'GET /access/roles': (ctx) =>
    [...ctx.state.roles]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([roleid, role]) => ({ roleid, privs: [...role.privileges].sort().join(','), special: role.special ? 1 : 0 })),

  'POST /access/roles': (ctx) => {
    const roleid = ctx.requiredString('roleid')
    return lockedUpdate('create role failed', () => {
      if (ctx.state.roles.has(roleid)) throw new Error(`role '${roleid}' already exists`)
      ctx.state.roles.set(roleid, { privileges: new Set(splitList(ctx.string('privs') ?? '')), special: false })
    })
  },

  'GET /access/roles/{roleid}': (ctx) => {
    const roleid = ctx.requiredString('roleid')
    const role = ctx.state.roles.get(roleid)
    if (!role) throw pveDie(`role '${roleid}' does not exist`)
    return Object.fromEntries([...role.privileges].sort().map((privilege) => [privilege, 1]))
  },

  'PUT /access/roles/{roleid}': (ctx) => {
    const roleid = ctx.requiredString('roleid')
    return lockedUpdate('update role failed', () => {
      const role = existingRole(ctx, roleid)
      if (role.special) throw new Error(`auto-generated role '${roleid}' cannot be modified`)
      const privileges = splitList(ctx.string('privs') ?? '')
      role.privileges = new Set(ctx.flag('append') ? [...role.privileges, ...privileges] : privileges)
    })
  },

  'DELETE /access/roles/{roleid}': (ctx) => {
    const roleid = ctx.requiredString('roleid')
    return lockedUpdate('delete role failed', () => {
      if (existingRole(ctx, roleid).special) throw new Error(`auto-generated role '${roleid}' cannot be deleted`)
      ctx.state.roles.delete(roleid)
      ctx.state.acls = ctx.state.acls.filter((acl) => acl.roleid !== roleid)
    })
  },

  'GET /access/acl': (ctx) => {
    const { permissions } = ctx.services
    const auditor = permissions.check(ctx.authid, '/access', ['Sys.Audit'], { noerr: true })
    return ctx.state.acls
      .filter((acl) => auditor || permissions.checkPermModify(ctx.authid, acl.path, true))
      .map((acl) => ({ path: acl.path, type: acl.type, ugid: acl.ugid, roleid: acl.roleid, propagate: acl.propagate ? 1 : 0 }))
  },

  'PUT /access/acl': updateAcl,
}
