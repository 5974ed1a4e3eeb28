#!/usr/bin/env node
/** `npm stop`: ends what `npm start` started (desktop sideload, or the Linux server). */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pidFile = join(root, ".cache", "start.pid");

if (process.platform === "win32" || process.platform === "darwin") {
  const r = spawnSync("npx", ["office-addin-debugging", "stop", "manifest.xml"], {
    cwd: root,
    stdio: "inherit",
    shell: true,
  });
  process.exit(r.status ?? 1);
}
if (!existsSync(pidFile)) {
  console.log("Nothing to stop: no server started by `npm start` is recorded.");
  process.exit(0);
}
const pid = Number(readFileSync(pidFile, "utf8"));
try {
  process.kill(-pid, "SIGTERM");
  console.log(`Stopped the server (process group ${pid}).`);
} catch (e) {
  if (e.code !== "ESRCH") throw e;
  console.log("The recorded server had already exited.");
}
rmSync(pidFile, { force: true });
