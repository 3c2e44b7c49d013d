// eslint-doc-generator options (`npm run docs`, checked by `npm run docs:check`
// and by tests/docs.test.ts).
/** @type {import('eslint-doc-generator').GenerateOptions} */
export default {
  ruleDocTitleFormat: 'prefix-name',
  ruleDocSectionInclude: [
    'Rule details',
    'Examples',
    'Options',
    'When not to use it',
  ],
  urlConfigs:
    'https://github.com/lockctx/lockctx/blob/main/eslint-plugin/README.md#configs',
};
