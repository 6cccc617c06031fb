#!/usr/bin/env -S node --max-old-space-size=640 --max-semi-space-size=4
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import YAML from "yaml";
import { ConfigError, loadConfig, type Config } from "./config/config";
import { redact } from "./config/redact";
import { createLogger } from "./logger";
import { PACKAGE_ROOT } from "./paths";
import { start } from "./server";

const DEFAULT_CONFIG = "./config.yml";

/** Parses the command line and runs drec; exported so tests can drive the CLI in-process. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name("drec")
    .description("Docker Registry Event Collector: registry notifications in, statistics out over GraphQL.")
    .version(packageVersion(), "-v, --version")
    .argument("[config]", "YAML config file; every key can also be set as DREC_<KEY_PATH>", DEFAULT_CONFIG)
    .option("--check-config", "validate the config, print it with secrets redacted, and exit")
    .addHelpText("after", "\nExamples:\n  drec ./config.yml\n  DREC_SERVER_PORT=8443 drec --check-config")
    .showHelpAfterError();
  program.parse(argv);
  const file = program.args[0] ?? DEFAULT_CONFIG;
  const config = readConfigOrExit(file, program.args[0] !== undefined);
  if (program.opts<{ checkConfig?: boolean }>().checkConfig) {
    process.stdout.write(`# ${path.resolve(file)}: valid\n${YAML.stringify(redact(config))}`);
    return;
  }
  await run(config);
}

function readConfigOrExit(file: string, named: boolean): Config {
  try {
    return loadConfig({ file, required: named || fs.existsSync(file) });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`drec: invalid configuration:\n  ${err.message.split("\n").join("\n  ")}\n`);
    process.exit(2);
  }
}

async function run(config: Config): Promise<void> {
  const log = createLogger(config.log);
  let running: Awaited<ReturnType<typeof start>>;
  try {
    running = await start(config, { log });
  } catch (err) {
    log.fatal({ err }, (err as Error).message);
    // Exit even if something it started still holds the event loop: a drec that failed after it began
    // listening must not linger half-stopped; a process manager restarts it.
    process.exit(1);
  }
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, "signal received");
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "unclean shutdown");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

if (require.main === module) {
  main(process.argv).catch((err: Error) => {
    process.stderr.write(`drec: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
