import { version } from '../../package.json'

/** package.json's version, bundled in at build time: the same answer for the desktop app, the server and the CLI. */
export const APP_VERSION: string = version
