// The Electron build of better-sqlite3 for `npm start`, kept out of node_modules so the Node build there (tests,
// the headless server) is never replaced: .electron-native/electron-<version>/better_sqlite3.node, which the desktop
// main process passes to better-sqlite3 as `nativeBinding` (src-main/electron/nativeBinding.ts). keytar and
// @node-rs/argon2 are N-API addons and load in Electron as they are. Packaging uses electron-builder's own rebuild.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export function electronSqliteBinding(root, electronVersion) {
  return join(root, '.electron-native', `electron-${electronVersion}`, 'better_sqlite3.node')
}

export async function ensureElectronSqlite(root, electronVersion) {
  const binding = electronSqliteBinding(root, electronVersion)
  if (existsSync(binding)) return binding
  console.log(`start: building better-sqlite3 for Electron ${electronVersion} (first start only)`)
  const source = join(root, 'node_modules', 'better-sqlite3')
  const work = join(root, '.electron-native', `electron-${electronVersion}`, 'work')
  const copy = join(work, 'node_modules', 'better-sqlite3')
  rmSync(work, { recursive: true, force: true })
  // A copy without the Node build, so @electron/rebuild compiles it fresh and node_modules stays untouched.
  cpSync(source, copy, { recursive: true, filter: (path) => relative(source, path).split(sep)[0] !== 'build' })
  const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'))
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'proxdesk-electron-native', private: true, dependencies: { 'better-sqlite3': version } }))
  // setup.sh points node-gyp at the local Node headers; for Electron it must fetch Electron's.
  delete process.env.npm_config_nodedir
  delete process.env.NPM_CONFIG_NODEDIR
  try {
    const { rebuild } = await import('@electron/rebuild')
    await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true })
    mkdirSync(join(binding, '..'), { recursive: true })
    copyFileSync(join(copy, 'build', 'Release', 'better_sqlite3.node'), binding)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  return binding
}
