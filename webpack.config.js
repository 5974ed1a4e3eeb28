/**
 * Builds the add-in: functions.js (custom functions, no DOM), taskpane.js + taskpane.html
 * (the shared-runtime page, which also loads functions.js so both share one state),
 * functions.json (generated from JSDoc; a metadata error fails the build), manifest.xml,
 * help.html and the icons.
 *
 * Production: every dev URL (https://localhost:3000) in every emitted text asset is
 * rewritten to the production origin: env.prodOrigin, else $PIVOT_PROD_ORIGIN, else
 * package.json "config.prod_origin".
 */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { sources, Compilation } = require("webpack");
const pkg = require("./package.json");
const { FunctionHelpPlugin } = require("./scripts/function-docs.cjs");

const DEV_ORIGIN = "https://localhost:3000";
const FUNCTION_FILES = [
  "./src/functions/mining.ts",
  "./src/functions/deals.ts",
  "./src/functions/market.ts",
  "./src/functions/lease.ts",
  "./src/functions/companies.ts",
  "./src/functions/credit.ts",
  "./src/functions/simulation.ts",
  "./src/functions/history.ts",
];

/**
 * custom-functions-metadata-plugin adds functions.json in the `compilation` hook, which also
 * runs for html-webpack-plugin's child compilation; when a watch rebuild changes the metadata
 * the two copies differ and webpack fails with "Multiple assets emit different content to the
 * same filename functions.json". This applies the plugin to the main compilation only, by
 * giving it `thisCompilation` under the name `compilation` (webpack's hooks object is frozen,
 * so the compiler is shadowed, not modified). Metadata errors still fail the build.
 */
class MainCompilationMetadataPlugin extends CustomFunctionsMetadataPlugin {
  apply(compiler) {
    const hooks = Object.create(compiler.hooks, { compilation: { value: compiler.hooks.thisCompilation } });
    super.apply(Object.create(compiler, { hooks: { value: hooks } }));
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
  const outputPath = env.outputPath ? path.resolve(env.outputPath) : path.resolve(__dirname, "dist");

  return {
    mode: production ? "production" : "development",
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    target: ["web", "es2020"],
    // env.functionsOnly builds functions.js and functions.json alone (the metadata tests).
    entry: env.functionsOnly
      ? { functions: env.functionsEntry || "./src/functions/index.ts" }
      : { functions: env.functionsEntry || "./src/functions/index.ts", taskpane: "./src/taskpane/index.tsx" },
    output: {
      path: outputPath,
      filename: "[name].js",
      clean: true,
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
      // functions.js must run alone in Excel's JavaScript-only runtime: no shared runtime chunk.
      runtimeChunk: false,
      splitChunks: false,
    },
    plugins: [
      new MainCompilationMetadataPlugin({ output: "functions.json", input: functionFiles }),
      new FunctionHelpPlugin(),
      ...(env.functionsOnly
        ? []
        : [
            new HtmlWebpackPlugin({
              filename: "taskpane.html",
              template: "./src/taskpane/taskpane.html",
              chunks: ["functions", "taskpane"],
              chunksSortMode: "manual",
            }),
            new CopyWebpackPlugin({
              patterns: [
                { from: "assets/*.png", to: "assets/[name][ext]" },
                { from: "manifest.xml", to: "manifest.xml" },
              ],
            }),
          ]),
      ...(production ? [new RewriteDevUrlsPlugin(prodOrigin)] : []),
    ],
    devServer: {
      static: { directory: outputPath },
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: env.WEBPACK_SERVE ? await httpsOptions() : undefined },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      hot: false,
      liveReload: false,
    },
  };
};

module.exports.DEV_ORIGIN = DEV_ORIGIN;
module.exports.FUNCTION_FILES = FUNCTION_FILES;
