// Regenerates every generated file: TS types from schemas/*.schema.json, the GraphQL SDL emitted from
// the code (schemas/schema.graphql), and typed test operations (GraphQL Code Generator, codegen.yml).
// Usage: npm run codegen. .ci/run runs it and fails when git then sees a change.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from 'json-schema-to-typescript';

const root = new URL('../..', import.meta.url).pathname;

function write(path, content) {
  const full = join(root, path);
  const before = existsSync(full) ? readFileSync(full, 'utf8') : null;
  if (before === content) return;
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  console.log(`wrote ${path}`);
}

const banner = (source) => `/* eslint-disable */\n/**\n * GENERATED FILE - DO NOT EDIT. Source: ${source}. Regenerate with \`npm run codegen\`.\n */\n`;

// 1. TypeScript types of the template meta-schemas, in one file so that shared definitions
//    (common.schema.json) are declared once.
const schemaFiles = readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.schema.json') && f !== 'common.schema.json').sort();
const rootSchema = {
  $id: 'https://schemas.complaint-qms.local/all-templates.json',
  title: 'TemplateKinds',
  description: 'Every template kind, by kind name.',
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(schemaFiles.map((f) => [f.replace('.schema.json', ''), { $ref: f }])),
};
const ts = await compile(rootSchema, 'TemplateKinds', {
  bannerComment: banner(`schemas/*.schema.json`),
  cwd: join(root, 'schemas'),
  additionalProperties: false,
  unknownAny: true,
  style: { singleQuote: true, printWidth: 120 },
});
write('src/__generated__/templates.ts', ts);
write('src/__generated__/index.ts', `${banner('schemas/*.schema.json')}export * from './templates';\n`);

// 2. The GraphQL SDL as the code builds it (needs a build of src/ with the types from step 1).
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'src/tsconfig.json')], { stdio: 'inherit' });
const { printSdl } = await import(join(root, 'dist/server/schema.js'));
write('schemas/schema.graphql', await printSdl());

// 3. Typed test operations from test/operations/*.graphql against that SDL.
execFileSync(process.execPath, [join(root, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', join(root, 'codegen.yml')], { stdio: 'inherit', cwd: root });
