import { defineOperation as op } from '../operation'
import * as system from '../../domain/system'
import { empty } from '../shapes'

export const systemOperations = {
  'system.info': op({
    summary: 'Version, database, schema version, where the master key is kept and the embedded server’s state',
    access: 'admin',
    input: empty,
    output: system.systemInfo,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/system' },
  }),
  'system.startServer': op({
    summary: 'Start (or restart with new settings) the desktop app’s built-in REST and proxy-auth server',
    access: 'admin',
    input: system.embeddedServerSettings,
    output: system.embeddedServerStatus,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT'],
    http: { method: 'POST', path: '/api/system/server/start' },
    // Over REST a caller could stop the very server it talks to; only the desktop window controls it.
    transports: ['ipc'],
  }),
  'system.stopServer': op({
    summary: 'Stop the desktop app’s built-in server',
    access: 'admin',
    input: empty,
    output: system.embeddedServerStatus,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT'],
    http: { method: 'POST', path: '/api/system/server/stop' },
    transports: ['ipc'],
  }),
}
