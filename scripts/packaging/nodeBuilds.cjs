// electron-builder rebuilds native modules for Electron inside the project's own node_modules while packaging.
// These two steps keep that from breaking `npm test` and `npm run serve`: the Node build of better-sqlite3 (the one
// V8-ABI addon; keytar and @node-rs/argon2 are N-API and work in both runtimes) is set aside before the rebuild and
// put back once the app is packed. If packaging dies in between, the next packaging run or `node
// scripts/packaging/restoreNodeBuilds.cjs` puts it back.
const { copyFileSync, existsSync, mkdirSync, rmSync } = require('node:fs')
const { join } = require('node:path')

const BINDING = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
const SAVED = join('.electron-native', 'node-build', 'better_sqlite3.node')

function saveNodeBuild(projectDir) {
  const saved = join(projectDir, SAVED)
  // A copy left by an interrupted run is the Node build; node_modules may hold an Electron one by now.
  if (existsSync(saved)) return
  mkdirSync(join(saved, '..'), { recursive: true })
  copyFileSync(join(projectDir, BINDING), saved)
}

function restoreNodeBuild(projectDir) {
  const saved = join(projectDir, SAVED)
  if (!existsSync(saved)) return
  copyFileSync(saved, join(projectDir, BINDING))
  rmSync(saved)
}

module.exports = { saveNodeBuild, restoreNodeBuild }
