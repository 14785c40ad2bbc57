// CommonJS: require() of the package (Node 20.19+ and Bun load its ES modules synchronously).
const axon = require('axon-nn');

import('./train.mjs').then(async ({ train }) => console.log(JSON.stringify(await train(axon))));
