// electron-builder `beforeBuild` hook: set the Node build aside, then let electron-builder rebuild for Electron.
const { saveNodeBuild } = require('./nodeBuilds.cjs')

module.exports = async function beforeBuild(context) {
  saveNodeBuild(context.appDir)
  return true
}
