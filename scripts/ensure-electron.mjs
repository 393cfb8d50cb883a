// Run by `npm start` before electron-vite: npm ci skips Electron's binary (it cannot be fetched on every
// machine), so it is fetched here on first use, by Electron's own installer; then the Electron build of
// better-sqlite3 is made once per Electron version (see scripts/electron-native.mjs).
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { ensureElectronSqlite } from './electron-native.mjs'

const require = createRequire(import.meta.url)
const root = dirname(import.meta.dirname)

try {
  require('electron')
} catch {
  console.log('start: fetching the Electron binary (first start only)')
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  const result = spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'inherit', env })
  if (result.status !== 0) {
    console.error('start: could not fetch Electron; the headless server (npm run serve) works without it')
    process.exit(result.status ?? 1)
  }
}

try {
  await ensureElectronSqlite(root, require('electron/package.json').version)
} catch (error) {
  console.error(`start: could not build better-sqlite3 for Electron: ${error.message}`)
  process.exit(1)
}
