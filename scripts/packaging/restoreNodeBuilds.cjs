// By hand, after an interrupted packaging run: `node scripts/packaging/restoreNodeBuilds.cjs`.
const { join } = require('node:path')
const { restoreNodeBuild } = require('./nodeBuilds.cjs')

restoreNodeBuild(join(__dirname, '..', '..'))
