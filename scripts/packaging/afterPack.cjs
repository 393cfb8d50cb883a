// electron-builder `afterPack` hook: the app holds its Electron build now; node_modules gets the Node build back.
const { restoreNodeBuild } = require('./nodeBuilds.cjs')

module.exports = async function afterPack(context) {
  restoreNodeBuild(context.packager.projectDir)
}
