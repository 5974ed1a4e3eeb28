/**
 * Builds the add-in: functions.js (custom functions, no DOM), taskpane.js + taskpane.html
 * (the shared-runtime page, which also loads functions.js so both share one state),
 * functions.json (generated from JSDoc; a metadata error fails the build), manifest.xml,
 * help.html and the icons.
 *
 * Origins: the sources (JSDoc @helpurl, manifest.xml) say https://localhost:3000; every
 * occurrence in every emitted text asset is rewritten to the origin the build is served from:
 * production: env.prodOrigin, else $PIVOT_PROD_ORIGIN, else package.json "config.prod_origin";
 * development: env.origin, else https://localhost:<the dev server's port> (npm config
 * dev_server_port, the port devServer listens on). So help links follow the server.
 *
 * Production emits no source maps (dist/ is what is deployed). taskpane.html carries a
 * Content-Security-Policy (contentSecurityPolicy below; README "What the add-in connects to").
 */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { sources, Compilation, NormalModule } = require("webpack");
const pkg = require("./package.json");
const { FunctionHelpPlugin, functionFileEntries } = require("./scripts/function-docs.cjs");
const { chunkedFunctionFiles } = require("./scripts/lazy-functions.cjs");

const LAZY_FUNCTIONS_LOADER = require.resolve("./scripts/lazy-functions.cjs");
/** custom-functions-metadata-plugin's folder: its loader is the one that appends associate calls. */
const METADATA_PLUGIN_DIR = path.dirname(require.resolve("custom-functions-metadata-plugin"));

/** The origin the sources and manifest.xml are written with; rewritten at build time. */
const DEV_ORIGIN = "https://localhost:3000";
const OFFICE_CDN = "https://appsforoffice.microsoft.com";
/** The market sources' default hosts (src/market/settings.ts DEFAULT_SETTINGS). */
const DEFAULT_SOURCES = ["https://mempool.space", "https://api.coinbase.com", "https://api.kraken.com"];
/**
 * The one inline script the development preview injects into taskpane.html before office.js
 * (src/preview/server/main.ts rewriteTaskpaneHtml), allowed by its hash only.
 */
const PREVIEW_INLINE_SCRIPT_SHA256 = require("crypto")
  .createHash("sha256")
  .update("window.OsfOptOut = true;")
  .digest("base64");

/**
 * The task pane's Content-Security-Policy. Scripts: this origin and Office's CDN (plus eval in
 * development, which webpack's eval source maps need). Connections: this origin, the default
 * market sources, and https: generally, because the user may point the sources at a
 * self-hosted mempool and the deal feed at the firm's own https URL (settings accept any https
 * URL, and http only on loopback: http://127.0.0.1 is listed for a local mempool node; the
 * name localhost only in development, so the production page names no dev host (a local node
 * in production is set as 127.0.0.1); Chromium rejects an [::1] host source, so IPv6 loopback
 * is not listed). Frames: office.js frames
 * Microsoft hosts of its own choosing (telemetry, dialogs), so https: in general.
 * Styles inline: Fluent UI injects its CSS at run time. No plugins, no form posts, no <base>
 * change.
 */
function contentSecurityPolicy(production) {
  return [
    "default-src 'self'",
    `script-src 'self' ${OFFICE_CDN} 'sha256-${PREVIEW_INLINE_SCRIPT_SHA256}'${production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${DEFAULT_SOURCES.join(" ")} https: http://127.0.0.1:*${production ? "" : " http://localhost:*"}`,
    "frame-src 'self' https:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join("; ");
}
/** The custom-function sources, from the one list (src/functions/files.json). */
const FUNCTION_FILES = functionFileEntries().map((f) => `./${f.path}`);

/**
 * custom-functions-metadata-plugin adds functions.json in the `compilation` hook, which also
 * runs for html-webpack-plugin's child compilation; when a watch rebuild changes the metadata
 * the two copies differ and webpack fails with "Multiple assets emit different content to the
 * same filename functions.json". This applies the plugin to the main compilation only, by
 * giving it `thisCompilation` under the name `compilation` (webpack's hooks object is frozen,
 * so the compiler is shadowed, not modified). Metadata errors still fail the build.
 */
class MainCompilationMetadataPlugin extends CustomFunctionsMetadataPlugin {
  /**
   * `lazy`: { entry (absolute path of functions.js's entry), files ([{ path, chunk }] from
   * scripts/lazy-functions.cjs) }: those files' functions are associated by the entry, to be
   * fetched on first call, and not by the files themselves.
   */
  constructor(options, lazy) {
    super(options);
    this.lazy = lazy;
  }
  apply(compiler) {
    const hooks = Object.create(compiler.hooks, { compilation: { value: compiler.hooks.thisCompilation } });
    super.apply(Object.create(compiler, { hooks: { value: hooks } }));
    const { entry, files } = this.lazy;
    if (files.length === 0) return;
    const chunked = new Set(files.map((f) => f.path));
    const generated = () => CustomFunctionsMetadataPlugin.generateResults[this.options.input];
    compiler.hooks.thisCompilation.tap("LazyFunctions", (compilation) => {
      // Runs after the metadata plugin's own beforeLoaders tap (tapped in super.apply).
      NormalModule.getCompilationHooks(compilation).beforeLoaders.tap("LazyFunctions", (_, module) => {
        if (chunked.has(module.resource)) {
          module.loaders = module.loaders.filter((l) => !l.loader.startsWith(METADATA_PLUGIN_DIR));
        } else if (module.resource === entry) {
          module.loaders.push({
            loader: LAZY_FUNCTIONS_LOADER,
            options: { files, generated },
            ident: null,
            type: null,
          });
        }
      });
    });
  }
}

/** Rewrites every occurrence of the dev origin in emitted text assets (not just the first). */
class RewriteDevUrlsPlugin {
  constructor(origin) {
    this.origin = origin.replace(/\/+$/, "");
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("RewriteDevUrlsPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "RewriteDevUrlsPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER },
        (assets) => {
          for (const name of Object.keys(assets)) {
            if (!/\.(xml|json|html)$/.test(name)) continue;
            const text = assets[name].source().toString();
            if (!text.includes(DEV_ORIGIN)) continue;
            compilation.updateAsset(name, new sources.RawSource(text.split(DEV_ORIGIN).join(this.origin)));
          }
        },
      );
    });
  }
}

const { httpsOptions } = require("./scripts/dev-certs.cjs");

module.exports = async (env = {}, argv = {}) => {
  const production = argv.mode === "production";
  const functionFiles = env.functionFiles ? String(env.functionFiles).split(",") : FUNCTION_FILES;
  const prodOrigin = env.prodOrigin || process.env.PIVOT_PROD_ORIGIN || pkg.config.prod_origin;
  const devPort = Number(process.env.npm_package_config_dev_server_port || pkg.config.dev_server_port || 3000);
  const servedFrom = production ? prodOrigin : env.origin || `https://localhost:${devPort}`;
  const outputPath = env.outputPath ? path.resolve(env.outputPath) : path.resolve(__dirname, "dist");
  const functionsEntry = env.functionsEntry || "./src/functions/index.ts";
  // Files fetched on first call (files.json `chunk`), among the files this build compiles.
  const compiled = new Set(functionFiles.map((f) => path.resolve(f)));
  const lazyFunctions = {
    entry: path.resolve(functionsEntry),
    files: chunkedFunctionFiles().filter((f) => compiled.has(f.path)),
  };
  // functions.js must evaluate without a DOM: its chunks are found relative to the page (the
  // shared runtime's taskpane.html, beside functions.js), not by webpack's "auto" lookup,
  // which reads document.currentScript when the bundle starts.
  const functionsEntryPoint = { import: functionsEntry, publicPath: "" };

  return {
    mode: production ? "production" : "development",
    // No source maps in the deployable production build; eval maps in development only.
    devtool: production ? false : "eval-cheap-module-source-map",
    target: ["web", "es2020"],
    // env.functionsOnly builds functions.js and functions.json alone (the metadata tests).
    entry: env.functionsOnly
      ? { functions: functionsEntryPoint }
      : { functions: functionsEntryPoint, taskpane: "./src/taskpane/index.tsx" },
    output: {
      path: outputPath,
      filename: "[name].js",
      clean: true,
      // The chunk registry lives on globalThis, which every runtime has (webpack's default
      // for the web, `self`, is not guaranteed in a JavaScript-only runtime).
      globalObject: "globalThis",
    },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    module: {
      rules: [
        {
          test: /\.(ts|tsx)$/,
          exclude: /node_modules/,
          use: {
            loader: "swc-loader",
            options: {
              swcrc: false,
              jsc: {
                parser: { syntax: "typescript", tsx: true },
                transform: { react: { runtime: "automatic" } },
                target: "es2020",
              },
            },
          },
        },
      ],
    },
    performance: { hints: false },
    optimization: {
      // functions.js must start alone (it registers every function when it loads): no shared
      // runtime chunk. Its lazily loaded files are chunks of their own (lazyFunctions).
      runtimeChunk: false,
      splitChunks: false,
    },
    plugins: [
      new MainCompilationMetadataPlugin({ output: "functions.json", input: functionFiles }, lazyFunctions),
      new FunctionHelpPlugin(),
      ...(env.functionsOnly
        ? []
        : [
            new HtmlWebpackPlugin({
              filename: "taskpane.html",
              template: "./src/taskpane/taskpane.html",
              chunks: ["functions", "taskpane"],
              chunksSortMode: "manual",
              // The template places the (deferred) script tags itself, before office.js.
              inject: false,
              scriptLoading: "defer",
              contentSecurityPolicy: contentSecurityPolicy(production),
            }),
            new CopyWebpackPlugin({
              patterns: [
                { from: "assets/*.png", to: "assets/[name][ext]" },
                { from: "manifest.xml", to: "manifest.xml" },
              ],
            }),
          ]),
      new RewriteDevUrlsPlugin(servedFrom),
    ],
    devServer: {
      static: { directory: outputPath },
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: env.WEBPACK_SERVE ? await httpsOptions() : undefined },
      port: devPort,
      hot: false,
      liveReload: false,
    },
  };
};

module.exports.DEV_ORIGIN = DEV_ORIGIN;
module.exports.contentSecurityPolicy = contentSecurityPolicy;
module.exports.FUNCTION_FILES = FUNCTION_FILES;
