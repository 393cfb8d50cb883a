import { homedir } from 'node:os'
import { join } from 'node:path'

/** The folder Electron's app.getPath('userData') uses for an app of this name, computed without Electron. */
export function userDataDir(appName: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), appName)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', appName)
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), appName)
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PROXDESK_DB || join(userDataDir('proxdesk', env), 'proxdesk.db')
}
