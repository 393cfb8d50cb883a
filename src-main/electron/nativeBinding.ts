// better-sqlite3 is a V8-ABI addon, so Electron needs its own build. node_modules keeps the Node build (tests, the
// headless server); `npm start` (scripts/ensure-electron.mjs) puts an Electron build in .electron-native/, and a
// packaged app's node_modules was rebuilt for Electron by electron-builder. See "Desktop app" in the README.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function electronNativeDir(appPath: string, electronVersion: string): string {
  return join(appPath, '.electron-native', `electron-${electronVersion}`)
}

/** The better_sqlite3.node for this Electron, or undefined for a packaged app, which loads its own. */
export function sqliteBindingForElectron(appPath: string, isPackaged: boolean, electronVersion: string): string | undefined {
  if (isPackaged) return undefined
  const binding = join(electronNativeDir(appPath, electronVersion), 'better_sqlite3.node')
  if (!existsSync(binding)) throw new Error(`${binding} is missing: start the app with \`npm start\`, which builds it`)
  return binding
}
