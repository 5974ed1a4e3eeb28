/**
 * The preview page's bundles (development tool, never part of dist/): preview.js (the
 * workbook view, HyperFormula, the fake Excel) with preview.html, and taskpane-inject.js
 * (loaded by the task pane frame before functions.js). Output: .cache/preview/page unless
 * env.outputPath says otherwise. The add-in itself is built by webpack.config.js.
 */
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

module.exports = function previewConfig(env, argv) {
  env = env || {};
  argv = argv || {};
  const production = argv.mode === "production";
  return {
    name: "preview",
    mode: production ? "production" : "development",
    devtool: production ? false : "eval-cheap-module-source-map",
    target: ["web", "es2020"],
    entry: {
      preview: "./src/preview/page/main.ts",
      "taskpane-inject": "./src/preview/page/inject.ts",
    },
    output: {
      path: env.outputPath ? path.resolve(env.outputPath) : path.resolve(__dirname, ".cache/preview/page"),
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
            options: { swcrc: false, jsc: { parser: { syntax: "typescript", tsx: true }, target: "es2020" } },
          },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new HtmlWebpackPlugin({
        filename: "preview.html",
        template: "./src/preview/page/preview.html",
        chunks: ["preview"],
      }),
    ],
  };
};
