/**
 * Functions loaded on first call (src/functions/lazy.ts): the build side.
 *
 * A file in src/functions/files.json with a `chunk` is not bundled into functions.js. Instead
 * this webpack loader appends to functions.js's entry (src/functions/index.ts) one
 * `CustomFunctions.associate(id, onFirstCall(...))` per function of that file, from the same
 * list custom-functions-metadata gives its own plugin (id, exported function name, file) and
 * the result dimensionality in the functions.json it generated, plus the dynamic import that
 * puts the file in the named chunk. webpack.config.js drops the plugin's own associate lines
 * from those files, so each id is associated exactly once, at load, and a function added to a
 * chunked file needs no other edit.
 *
 * Chunk names are shared with the task pane's own dynamic imports where both need the same
 * code (the deal list: "deal-store"), so the page fetches that code once.
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const FILES_JSON = path.join(ROOT, "src", "functions", "files.json");

/** The files.json entries with a `chunk`: [{ path (absolute), chunk }]. */
function chunkedFunctionFiles() {
  const json = JSON.parse(fs.readFileSync(FILES_JSON, "utf8"));
  if (!json || !Array.isArray(json.files)) throw new Error(`${FILES_JSON}: needs a "files" array`);
  return json.files
    .map((f, i) => {
      if (f.chunk === undefined) return undefined;
      if (typeof f.chunk !== "string" || !/^[a-z][a-z0-9-]*$/.test(f.chunk))
        throw new Error(`${FILES_JSON}: files[${i}].chunk must be a chunk name of lower-case letters, digits and -`);
      return { path: path.resolve(ROOT, f.path), chunk: f.chunk };
    })
    .filter((f) => f !== undefined);
}

/**
 * The code appended to the entry: for each chunked file, one shared loader and the
 * associations of its functions. `generated` is custom-functions-metadata's result
 * ({ associate: [{ id, functionName, sourceFileName }], metadataJson }).
 */
function registrationSource(files, generated, entryDir) {
  const metadata = JSON.parse(generated.metadataJson);
  const shapeOf = new Map(
    metadata.functions.map((f) => [f.id, f.result?.dimensionality === "matrix" ? "matrix" : "scalar"]),
  );
  const lines = [
    'import { inPage as __pivotInPage, onFirstCall as __pivotOnFirstCall, sharedLoad as __pivotSharedLoad } from "./lazy";',
  ];
  files.forEach((file, i) => {
    const functions = generated.associate.filter((a) => path.resolve(a.sourceFileName) === file.path);
    if (functions.length === 0) throw new Error(`${file.path} has a chunk in files.json but no custom function`);
    let request = path
      .relative(entryDir, file.path)
      .replace(/\\/g, "/")
      .replace(/\.tsx?$/, "");
    if (!request.startsWith(".")) request = `./${request}`;
    lines.push(
      `const __pivotLoad${i} = __pivotSharedLoad(__pivotInPage(() => import(/* webpackChunkName: ${JSON.stringify(file.chunk)} */ ${JSON.stringify(request)})));`,
    );
    for (const f of functions) {
      const shape = shapeOf.get(f.id);
      if (shape === undefined) throw new Error(`${f.id} of ${file.path} is not in the generated functions.json`);
      lines.push(
        `CustomFunctions.associate(${JSON.stringify(f.id)}, __pivotOnFirstCall(${JSON.stringify(f.id)}, __pivotLoad${i}, ${JSON.stringify(f.functionName)}, ${JSON.stringify(shape)}));`,
      );
    }
  });
  return `${lines.join("\n")}\n`;
}

/** The webpack loader: options { files, generated: () => result } (webpack.config.js sets them). */
function lazyFunctionsLoader(source) {
  const { files, generated } = this.getOptions();
  // The associations are read from these files' JSDoc: a change to one (a function added, in
  // watch mode) rebuilds the entry too.
  for (const file of files) this.addDependency(file.path);
  const result = generated();
  if (result === undefined)
    throw new Error("lazy functions: the metadata was not generated before the entry was built");
  return `${source}\n${registrationSource(files, result, path.dirname(this.resourcePath))}`;
}

module.exports = lazyFunctionsLoader;
module.exports.chunkedFunctionFiles = chunkedFunctionFiles;
module.exports.registrationSource = registrationSource;
