#!/usr/bin/env node
/**
 * `npm start`.
 * - Windows and macOS: sideloads into desktop Excel with office-addin-debugging, as
 *   Microsoft's templates do (it starts `npm run dev-server` itself).
 * - Elsewhere (Linux: no desktop Excel): serves the add-in over https on localhost with
 *   the development certificate, prints how to sideload it into Excel on the web, and
 *   serves the in-browser preview when it is available. It runs until Ctrl-C or `npm stop`;
 *   either ends the server and frees the port.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pidFile = join(root, ".cache", "start.pid");
const port = Number(process.env.npm_package_config_dev_server_port || 3000);
const desktop = process.platform === "win32" || process.platform === "darwin";

function run(command, args) {
  // detached: the child leads its own process group, so stopping it ends its children too.
  const child = spawn(command, args, { cwd: root, stdio: "inherit", detached: !desktop, shell: desktop });
  const stop = () => {
    try {
      if (desktop) child.kill("SIGINT");
      else process.kill(-child.pid, "SIGTERM");
    } catch (e) {
      if (e.code !== "ESRCH") throw e;
    }
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code, signal) => {
    rmSync(pidFile, { force: true });
    process.exit(code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1));
  });
  return child;
}

if (desktop) {
  run("npx", ["office-addin-debugging", "start", "manifest.xml", "desktop"]);
} else {
  mkdirSync(dirname(pidFile), { recursive: true });
  const previewEntry = join(root, "src", "preview", "server", "main.ts");
  const child = existsSync(previewEntry)
    ? run("npx", ["tsx", previewEntry, "--port", String(port)])
    : run("npx", ["webpack", "serve", "--mode", "development", "--port", String(port)]);
  writeFileSync(pidFile, String(child.pid));
  console.log(
    [
      "",
      `PivotLens is served at https://localhost:${port}/ (no desktop Excel on ${process.platform}).`,
      "Sideload it into Excel on the web: open a workbook at office.com, then Home > Add-ins >",
      `More Add-ins > Upload My Add-in, and choose ${join(root, "manifest.xml")}.`,
      "Trust the development certificate first: npx office-addin-dev-certs install",
      existsSync(previewEntry) ? `Preview without Excel: https://localhost:${port}/preview.html` : "",
      "Stop with Ctrl-C or `npm stop`.",
      "",
    ].join("\n"),
  );
}
