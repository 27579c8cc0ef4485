// Browser targets of the public site's own scripts (issue 18): the APIs they call must exist on the phones
// in package.json's "browserslist" (X5/WeChat in-app cores, Android 7-era WebViews, iOS 10.3). Only
// eslint-plugin-compat's rule runs here; style is not this file's business. Run by tests/test_browser_targets.py.
import compat from "eslint-plugin-compat";

export default [
  { ignores: ["generator/assets/**/vendor/**"] },  // vendored as published (resize-observer-polyfill)
  {
    files: ["generator/assets/**/*.js"],
    ignores: ["generator/assets/**/modern/**"],
    plugins: { compat },
    languageOptions: { ecmaVersion: 2015, sourceType: "script" },
    rules: { "compat/compat": "error" },
  },
  // Modules that search.js loads only where ES modules, WebAssembly and Intl.Segmenter exist (Pagefind):
  // checked against the oldest browsers that pass that test, not against the old phones.
  {
    files: ["generator/assets/**/modern/**/*.js"],
    plugins: { compat },
    languageOptions: { ecmaVersion: 2020, sourceType: "module" },
    rules: { "compat/compat": ["error", "chrome >= 87, safari >= 14.1, ios_saf >= 14.5, firefox >= 125"] },
  },
];
