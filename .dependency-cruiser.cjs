/**
 * The architecture check (`npm run arch`, run by .ci/run): the layering of src/ as rules of dependency-cruiser.
 *
 * Layers: `shared/` and `config/` (no feature knowledge) <- `db/` (ORM, migrations, the write path with the
 * tenant and the event log) <- features (one folder each, seen from outside only through its face `index.ts`)
 * <- `server/` (transport) <- the composition root (`app.ts`, `features.ts`, `entities.ts`, `index.ts`, `cli/`), which alone
 * knows every feature.
 *
 * A feature is every top-level folder of src/ except the layers named in NOT_FEATURES below; a new folder is
 * a feature by default. Imports are read with the TypeScript config, so type-only imports count too.
 */
const NOT_FEATURES = ['shared', 'db', 'server', 'config', 'cli', '__generated__'];

const FEATURE = `(?!(?:${NOT_FEATURES.join('|')})(?:/|$))[^/]+`;

module.exports = {
  forbidden: [
    {
      name: 'feature-cycle',
      severity: 'error',
      comment:
        'Rule (a) no cycle between features: two features that need each other are one feature, or the thing ' +
        'they share belongs in shared/ (or the dependency is inverted with a hook registered at the composition root).',
      scope: 'folder',
      from: { path: `^src/${FEATURE}$` },
      to: { path: `^src/${FEATURE}$`, circular: true },
    },
    {
      name: 'feature-imports-server',
      severity: 'error',
      comment:
        'Rule (b) a feature never imports src/server/ (the transport layer): the request context lives in ' +
        'shared/, and what a route needs from a feature it gets from the feature.',
      from: { path: `^src/${FEATURE}/` },
      to: { path: '^src/server/' },
    },
    {
      name: 'lower-layer-imports-feature',
      severity: 'error',
      comment:
        'Rule (c) shared/, db/ and config/ know no feature: a feature depends on them, never the other way ' +
        '(entities are listed by each feature\'s module and registered at the composition root, src/features.ts).',
      from: { path: '^src/(shared|db|config)/' },
      to: { path: `^src/${FEATURE}/` },
    },
    {
      name: 'feature-internals',
      severity: 'error',
      comment:
        "Rule (d) a feature imports another feature only through its face src/<feature>/index.ts: the face " +
        'says what the neighbours may use; everything else in the folder may change freely.',
      from: { path: `^src/(${FEATURE})/` },
      to: { path: `^src/${FEATURE}/`, pathNot: ['^src/$1/', `^src/${FEATURE}/index\\.ts$`] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/__generated__/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // type-only imports are dependencies too: a type from another feature's internals couples as much as a value
    tsPreCompilationDeps: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
