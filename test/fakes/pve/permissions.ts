// ACL evaluation and the permission checks of pve-access-control (AccessControl.pm `roles`/`permission`,
// RPCEnvironment.pm `permissions`, `check`, `check_any`, `check_perm_modify`, `exec_api2_perm_check`).

import { splitTokenId, type Identity } from './auth'
import { permissionException } from './errors'
import type { PermissionCheck, PermissionSpec } from './schema/loadSchema'
import { splitList } from './schema/formats'
import { perlString, type ParamValue } from './schema/validateParams'
import type { FakePveState } from './state'

/** Privilege → propagate flag, as `GET /access/permissions` reports it. */
export type PrivilegeMap = Map<string, boolean>

const ROOT = 'root@pam'

/** PVE::AccessControl::normalize_path */
export function normalizeAclPath(path: string | undefined): string | undefined {
  if (!path) return undefined
  let normalized = `/${path}`.replace(/\/+/g, '/').replace(/\/$/, '')
  if (!normalized) normalized = '/'
  return /^[a-zA-Z0-9.\-_/]+$/.test(normalized) ? normalized : undefined
}

/** The ACL tree levels a path is looked up through: '/', '/vms', '/vms/105'. */
function aclLevels(path: string): string[] {
  if (path === '/') return ['/']
  const segments = path.split('/').slice(1)
  return ['/', ...segments.map((_, index) => `/${segments.slice(0, index + 1).join('/')}`)]
}

export class PermissionEngine {
  constructor(private readonly state: FakePveState) {}

  /** AccessControl::roles: the deepest level with a matching entry replaces what upper levels propagated. */
  private roles(authid: string, path: string): Map<string, boolean> {
    if (authid === ROOT) return new Map([['Administrator', true]])
    const isToken = splitTokenId(authid) !== undefined
    let roles = new Map<string, boolean>()
    const levels = aclLevels(path)
    levels.forEach((level, index) => {
      const final = index === levels.length - 1
      const here = this.state.acls.filter((acl) => acl.path === level)
      const collect = (entries: typeof here): Map<string, boolean> | undefined => {
        const found = new Map<string, boolean>()
        for (const acl of entries) if (final || acl.propagate) found.set(acl.roleid, acl.propagate)
        return found.size > 0 ? found : undefined
      }
      const fromTokens = collect(here.filter((acl) => acl.type === 'token' && acl.ugid === authid))
      const fromUsers = isToken ? undefined : collect(here.filter((acl) => acl.type === 'user' && acl.ugid === authid))
      const fromGroups = isToken
        ? undefined
        : collect(here.filter((acl) => acl.type === 'group' && this.state.groups.get(acl.ugid)?.has(authid)))
      roles = fromTokens ?? fromUsers ?? fromGroups ?? roles
    })
    return roles.has('NoAccess') ? new Map([['NoAccess', roles.get('NoAccess')!]]) : roles
  }

  /** RPCEnvironment::permissions, including the token/user intersection for privilege-separated tokens. */
  privileges(authid: string, path: string | undefined): PrivilegeMap {
    const result: PrivilegeMap = new Map()
    if (authid === ROOT) {
      for (const privilege of this.state.roles.get('Administrator')?.privileges ?? []) result.set(privilege, true)
      return result
    }
    if (path === undefined) return result
    const token = splitTokenId(authid)
    if (token) {
      const info = this.state.users.get(token.userid)?.tokens.get(token.tokenName)
      if (!info) return result
      const userPrivileges = this.privileges(token.userid, path)
      if (!info.privsep) return userPrivileges
      for (const [privilege, propagate] of this.rolePrivileges(this.roles(authid, path))) {
        if (userPrivileges.has(privilege)) result.set(privilege, propagate && userPrivileges.get(privilege)!)
      }
      return result
    }
    return this.rolePrivileges(this.roles(authid, path))
  }

  private rolePrivileges(roles: Map<string, boolean>): PrivilegeMap {
    const result: PrivilegeMap = new Map()
    for (const [roleid, propagate] of roles) {
      for (const privilege of this.state.roles.get(roleid)?.privileges ?? []) {
        result.set(privilege, (result.get(privilege) ?? false) || propagate)
      }
    }
    return result
  }

  /** RPCEnvironment::check (all privileges) or check_any; throws 403 unless `noerr`. */
  check(authid: string, path: string | undefined, privileges: string[], options: { any?: boolean; noerr?: boolean } = {}): boolean {
    const held = this.privileges(authid, path)
    if (options.any) {
      if (privileges.some((privilege) => held.has(privilege))) return true
      if (options.noerr) return false
      throw permissionException(`${path}, ${privileges.join('|')}`)
    }
    for (const privilege of privileges) {
      if (held.has(privilege)) continue
      if (options.noerr) return false
      throw permissionException(`${path}, ${privilege}`)
    }
    return true
  }

  /** RPCEnvironment::check_perm_modify: who may change ACLs on a path. */
  checkPermModify(authid: string, path: string | undefined, noerr = false): boolean {
    const candidates = ['Permissions.Modify']
    if (path?.startsWith('/storage/')) candidates.push('Datastore.Allocate')
    else if (path?.startsWith('/vms/')) candidates.push('VM.Allocate')
    else if (path?.startsWith('/pool/')) candidates.push('Pool.Allocate')
    return this.check(authid, path, candidates, { any: true, noerr })
  }

  /** RPCEnvironment::check_api2_permissions for a method's `permissions`. */
  checkApi(spec: PermissionSpec | undefined, identity: Identity | undefined, params: Record<string, ParamValue>): void {
    if (!identity) {
      if (spec?.user === 'world') return
      throw permissionException('user != null')
    }
    if (identity.authid === ROOT) return
    if (!spec) throw permissionException('user != root@pam')
    if (spec.user === 'all') return
    if (spec.check) {
      this.execCheck(spec.check, identity.authid, params, false)
      return
    }
    throw permissionException()
  }

  private execCheck(check: PermissionCheck, authid: string, params: Record<string, ParamValue>, noerr: boolean): boolean {
    const [test, ...rest] = check
    if (test === 'and') {
      for (const sub of rest) if (!this.execCheck(sub as PermissionCheck, authid, params, noerr)) return false
      return true
    }
    if (test === 'or') {
      if (rest.some((sub) => this.execCheck(sub as PermissionCheck, authid, params, true))) return true
      if (noerr) return false
      throw permissionException()
    }
    if (test === 'perm') {
      const [template, privileges, ...optionList] = rest as [string, string[], ...unknown[]]
      const options = Object.fromEntries(pairs(optionList))
      if (typeof options.require_param === 'string' && params[options.require_param] === undefined) {
        if (noerr) return false
        throw permissionException()
      }
      const path = normalizeAclPath(fillTemplate(template, params))
      return this.check(authid, path, privileges, { any: Boolean(options.any), noerr })
    }
    if (test === 'perm-modify') {
      return this.checkPermModify(authid, normalizeAclPath(fillTemplate(rest[0] as string, params)), noerr)
    }
    if (test === 'userid-param') return this.checkUseridParam(rest[0] as string, authid, params, noerr)
    if (test === 'userid-group') {
      const [privileges, ...optionList] = rest as [string[], ...unknown[]]
      return this.checkUseridGroup(privileges, Object.fromEntries(pairs(optionList)), authid, params, noerr)
    }
    throw new Error(`fake PVE: unknown permission check '${test}'`)
  }

  private checkUseridParam(subtest: string, authid: string, params: Record<string, ParamValue>, noerr: boolean): boolean {
    const userid = typeof params.userid === 'string' ? params.userid : ''
    if (subtest === 'self') {
      if (authid === userid && this.state.users.has(userid)) return true
      if (noerr) return false
      throw permissionException()
    }
    const realm = userid.split('@')[1] ?? ''
    return this.check(authid, `/access/realm/${realm}`, ['Realm.AllocateUser'], { noerr })
  }

  /** Groups are not modelled beyond membership, so access to users needs the privileges on /access/groups. */
  private checkUseridGroup(
    privileges: string[],
    options: Record<string, unknown>,
    authid: string,
    params: Record<string, ParamValue>,
    noerr: boolean,
  ): boolean {
    if (this.check(authid, '/access/groups', privileges, { any: true, noerr: true })) return true
    if (noerr) return false
    if (options.groups_param && typeof params.groups === 'string') {
      const [group] = splitList(params.groups)
      if (group) throw permissionException(`/access/groups/${group}, ${privileges.join('|')}`)
    }
    throw permissionException(`/access/groups, ${privileges.join('|')}`)
  }

  /** RPCEnvironment::get_effective_permissions */
  effectivePermissions(authid: string): Record<string, Record<string, 0 | 1>> {
    const paths = new Set(['/', '/access', '/access/groups', '/mapping', '/nodes', '/pool', '/sdn', '/storage', '/vms'])
    for (const acl of this.state.acls) paths.add(acl.path)
    const result: Record<string, Record<string, 0 | 1>> = {}
    for (const path of paths) {
      const held = this.privileges(authid, path)
      if (held.size > 0) result[path] = privilegeRecord(held)
    }
    return result
  }

  /** RPCEnvironment::compute_api_permission, the `cap` of a ticket response that the web UI builds menus from. */
  capabilities(authid: string): Record<string, Record<string, 1>> {
    const categories: Record<string, RegExp> = {
      vms: /^(VM\.|Permissions\.Modify)/,
      access: /^((User|Group)\.|Permissions\.Modify)/,
      storage: /^(Datastore\.|Permissions\.Modify)/,
      nodes: /^(Sys\.|Permissions\.Modify)/,
      sdn: /^(SDN\.|Permissions\.Modify)/,
      dc: /^(Sys\.Audit|Sys\.Modify|SDN\.)/,
      mapping: /^(Mapping\.|Permissions\.Modify)/,
    }
    const result: Record<string, Record<string, 1>> = Object.fromEntries(Object.keys(categories).map((key) => [key, {}]))
    const paths = new Set(['/', '/nodes', '/access/groups', '/vms', '/storage', '/sdn', '/mapping', ...this.state.acls.map((acl) => acl.path)])
    for (const path of paths) {
      const topLevel = /^\/(\w+)/.exec(path)?.[1] ?? 'dc'
      const pattern = categories[topLevel]
      if (!pattern) continue
      for (const privilege of this.privileges(authid, path).keys()) {
        if (pattern.test(privilege)) result[topLevel]![privilege] = 1
      }
    }
    return result
  }
}

export function privilegeRecord(privileges: PrivilegeMap): Record<string, 0 | 1> {
  return Object.fromEntries([...privileges].sort(([a], [b]) => a.localeCompare(b)).map(([key, propagate]) => [key, propagate ? 1 : 0]))
}

/** PVE::Tools::template_replace: `{name}` becomes the parameter's value, or nothing. */
function fillTemplate(template: string, params: Record<string, ParamValue>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name]
    return typeof value === 'string' || typeof value === 'number' ? perlString(value) : ''
  })
}

function pairs(list: unknown[]): Array<[string, unknown]> {
  const result: Array<[string, unknown]> = []
  for (let index = 0; index + 1 < list.length; index += 2) result.push([String(list[index]), list[index + 1]])
  return result
}
