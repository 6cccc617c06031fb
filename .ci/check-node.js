// `npm start` and `npm test` run this first: drec is built and tested on Node.js 24, and an older Node
// fails later in less obvious ways. .ci/node24 fetches Node.js 24 from the npm registry.
"use strict";
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(`drec needs Node.js 24; this is ${process.version}. Put Node.js 24 first on PATH, e.g.:`);
  console.error('  export PATH="$(.ci/node24):$PATH"');
  process.exit(1);
}
