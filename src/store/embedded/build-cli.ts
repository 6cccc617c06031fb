#!/usr/bin/env node
// Builds (or finds cached) the embedded database binary; used by `npm run build:db` and CI.
import { ensureBinary } from "./build";

ensureBinary((line) => console.log(line))
  .then((binary) => console.log(`embedded database ready: ${binary}`))
  .catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
