// Packaging cannot run here (no Electron binary), so its configuration is loaded and validated the way
// electron-builder does, and the native-module arrangement is checked piece by piece.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { electronNativeDir, sqliteBindingForElectron } from '../../src-main/electron/nativeBinding'
import { useTempDir } from '../helpers/tempDir'

const root = join(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)

async function loadBuilderConfig(): Promise<Record<string, any>> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js')
  const { DebugLogger } = require('builder-util')
  const config = await getConfig(root, null, null)
  await validateConfiguration(config, new DebugLogger(false))
  return config
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path)
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(loadBuilderConfig()).resolves.toBeTypeOf('object')
  })

  it('names the app and builds AppImage, deb, NSIS and dmg', async () => {
    const config = await loadBuilderConfig()
    expect(config).toMatchObject({ appId: 'io.proxdesk.desktop', productName: 'proxdesk', directories: { buildResources: 'resources' } })
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.mac.target).toEqual(['dmg'])
  })

  it('uses a large enough PNG icon from resources/ on every platform', async () => {
    const config = await loadBuilderConfig()
    for (const platform of ['linux', 'win', 'mac']) {
      expect(config[platform].icon, platform).toBe('resources/icon.png')
    }
    const { width, height } = pngSize(join(root, 'resources/icon.png'))
    expect(width).toBe(height)
    expect(width).toBeGreaterThanOrEqual(512)
  })

  it('ships the built app in an asar with native addons unpacked', async () => {
    const config = await loadBuilderConfig()
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toContain('**/*.node')
    expect(config.files).toEqual([{ filter: expect.arrayContaining(['out/**/*', 'package.json']) }])
    expect(config.npmRebuild).toBe(true)
  })

  it('flips the fuses that turn the app into a Node runtime off, and asar integrity on', async () => {
    const config = await loadBuilderConfig()
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })
})

describe('native modules', () => {
  const tempDir = useTempDir()

  it('hands better-sqlite3 the binding it is given, and fails on one that is not there', () => {
    const nodeBuild = require.resolve('better-sqlite3/build/Release/better_sqlite3.node')
    const db = openDatabase(':memory:', { nativeBinding: nodeBuild })
    expect(db.migration.to).toBeGreaterThan(0)
    db.close()
    expect(() => openDatabase(':memory:', { nativeBinding: join(tempDir(), 'missing.node') })).toThrow()
  })

  it('looks for the Electron build where scripts/electron-native.mjs puts it, and only outside a packaged app', async () => {
    const script = await import(pathToFileURL(join(root, 'scripts/electron-native.mjs')).href)
    const appPath = tempDir()
    const expected: string = script.electronSqliteBinding(appPath, '41.7.1')
    expect(expected).toBe(join(electronNativeDir(appPath, '41.7.1'), 'better_sqlite3.node'))
    expect(() => sqliteBindingForElectron(appPath, false, '41.7.1')).toThrow(/npm start/)
    mkdirSync(join(expected, '..'), { recursive: true })
    writeFileSync(expected, '')
    expect(sqliteBindingForElectron(appPath, false, '41.7.1')).toBe(expected)
    expect(sqliteBindingForElectron(appPath, true, '41.7.1')).toBeUndefined()
  })

  it('keeps node_modules’ Node build across electron-builder’s in-place rebuild', async () => {
    const config = await loadBuilderConfig()
    const project = tempDir()
    const binding = join(project, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
    mkdirSync(join(binding, '..'), { recursive: true })
    writeFileSync(binding, 'node build')
    const beforeBuild = require(join(root, config.beforeBuild))
    const afterPack = require(join(root, config.afterPack))
    expect(await beforeBuild({ appDir: project, electronVersion: '41.7.1', platform: {}, arch: 'x64' })).toBe(true)
    writeFileSync(binding, 'electron build')
    // An interrupted run must not overwrite the saved Node build with the Electron one.
    await beforeBuild({ appDir: project, electronVersion: '41.7.1', platform: {}, arch: 'x64' })
    await afterPack({ packager: { projectDir: project } })
    expect(readFileSync(binding, 'utf8')).toBe('node build')
    expect(existsSync(join(project, '.electron-native/node-build/better_sqlite3.node'))).toBe(false)
  })
})
