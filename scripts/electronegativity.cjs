// Runs Doyensec's Electronegativity. Its parser (@typescript-eslint/typescript-estree, hoisted
// to the top of node_modules) would load this project's TypeScript 7, which has no JavaScript
// API; point every `require('typescript')` at the TypeScript that Electronegativity ships with.
const Module = require('node:module');
const path = require('node:path');

const electronegativity = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const bundledTypeScript = require.resolve('typescript', { paths: [electronegativity] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === 'typescript' ? bundledTypeScript : request, ...rest);
};
require(`${electronegativity}/dist/index.js`);
