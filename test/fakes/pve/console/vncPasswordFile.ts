// Makes VNC authentication real: the generated vncproxy password is written into the VNC server's password file,
// in the obfuscated form `vncpasswd -f` produces. TigerVNC reads that file again for every new connection.

import { execFileSync } from 'node:child_process'
import { renameSync, writeFileSync } from 'node:fs'

export function writeVncPassword(passwordFile: string, password: string): void {
  const obfuscated = execFileSync('vncpasswd', ['-f'], { input: password })
  // Written beside and renamed, so the VNC server never reads a half-written file.
  const temporary = `${passwordFile}.${process.pid}.tmp`
  writeFileSync(temporary, obfuscated, { mode: 0o600 })
  renameSync(temporary, passwordFile)
}
