// Privileges and built-in roles of PVE 9 (pve-access-control AccessControl.pm `$privgroups` and `create_roles`).
// Each category splits its privileges into root-only, admin, user and audit; the PVE<Category>Admin/User roles,
// PVEAdmin and PVEAuditor are derived from those groups exactly as create_roles does.

interface PrivilegeGroup {
  root: string[]
  admin: string[]
  user: string[]
  audit: string[]
}

const PRIVILEGE_GROUPS: Record<string, PrivilegeGroup> = {
  VM: {
    root: [],
    admin: [
      'VM.Config.Disk',
      'VM.Config.CPU',
      'VM.Config.Memory',
      'VM.Config.Network',
      'VM.Config.HWType',
      'VM.Config.Options',
      'VM.Allocate',
      'VM.Clone',
      'VM.Migrate',
      'VM.Replicate',
      'VM.Snapshot',
      'VM.Snapshot.Rollback',
      'VM.GuestAgent.Unrestricted',
    ],
    user: [
      'VM.Config.CDROM',
      'VM.Config.Cloudinit',
      'VM.Console',
      'VM.Backup',
      'VM.PowerMgmt',
      'VM.GuestAgent.FileRead',
      'VM.GuestAgent.FileWrite',
      'VM.GuestAgent.FileSystemMgmt',
    ],
    audit: ['VM.Audit', 'VM.GuestAgent.Audit'],
  },
  Sys: {
    root: ['Sys.PowerMgmt', 'Sys.Modify', 'Sys.Incoming', 'Sys.AccessNetwork'],
    admin: ['Sys.Console', 'Sys.Syslog'],
    user: [],
    audit: ['Sys.Audit'],
  },
  Datastore: {
    root: [],
    admin: ['Datastore.Allocate', 'Datastore.AllocateTemplate'],
    user: ['Datastore.AllocateSpace'],
    audit: ['Datastore.Audit'],
  },
  SDN: {
    root: [],
    admin: ['SDN.Allocate', 'SDN.Audit'],
    user: ['SDN.Use'],
    audit: ['SDN.Audit'],
  },
  User: {
    root: ['Realm.Allocate'],
    admin: ['User.Modify', 'Group.Allocate', 'Realm.AllocateUser'],
    user: [],
    audit: [],
  },
  Pool: {
    root: [],
    admin: ['Pool.Allocate'],
    user: ['Pool.Audit'],
    audit: ['Pool.Audit'],
  },
  Mapping: {
    root: [],
    admin: ['Mapping.Modify'],
    user: ['Mapping.Use'],
    audit: ['Mapping.Audit'],
  },
}

export const VALID_PRIVILEGES: ReadonlySet<string> = new Set([
  'Permissions.Modify',
  ...Object.values(PRIVILEGE_GROUPS).flatMap((group) => [...group.root, ...group.admin, ...group.user, ...group.audit]),
])

function buildSpecialRoles(): Map<string, ReadonlySet<string>> {
  const roles = new Map<string, Set<string>>()
  const role = (name: string): Set<string> => {
    let privileges = roles.get(name)
    if (!privileges) {
      privileges = new Set()
      roles.set(name, privileges)
    }
    return privileges
  }
  role('NoAccess')
  for (const privilege of VALID_PRIVILEGES) role('Administrator').add(privilege)
  for (const [category, group] of Object.entries(PRIVILEGE_GROUPS)) {
    for (const privilege of [...group.admin, ...group.user, ...group.audit]) {
      role(`PVE${category}Admin`).add(privilege)
      role('PVEAdmin').add(privilege)
    }
    if (group.user.length > 0) {
      for (const privilege of [...group.user, ...group.audit]) role(`PVE${category}User`).add(privilege)
    }
    for (const privilege of group.audit) role('PVEAuditor').add(privilege)
  }
  // Only Administrator, root@pam and PVEMappingAdmin may modify mappings.
  role('PVEAdmin').delete('Mapping.Modify')
  for (const privilege of ['VM.Clone', 'VM.Audit']) role('PVETemplateUser').add(privilege)
  return roles
}

/** Roles PVE creates itself; they cannot be changed or deleted through the API. */
export const SPECIAL_ROLES: ReadonlyMap<string, ReadonlySet<string>> = buildSpecialRoles()
