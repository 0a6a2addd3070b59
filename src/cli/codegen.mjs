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

// 1. TypeScript types of the template meta-schemas.
const schemaFiles = readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.schema.json')).sort();
const index = [];
for (const file of schemaFiles) {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', file), 'utf8'));
  const ts = await compile(schema, schema.title, {
    bannerComment: banner(`schemas/${file}`),
    cwd: join(root, 'schemas'),
    additionalProperties: false,
    unknownAny: true,
    style: { singleQuote: true, printWidth: 120 },
  });
  const name = file.replace('.schema.json', '');
  write(`src/__generated__/${name}.ts`, ts);
  index.push(`export * from './${name}';`);
}
write('src/__generated__/index.ts', `${banner('schemas/*.schema.json')}${index.join('\n')}\n`);

// 2. The GraphQL SDL as the code builds it (needs a build of src/ with the types from step 1).
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'src/tsconfig.json')], { stdio: 'inherit' });
const { printSdl } = await import(join(root, 'dist/server/schema.js'));
write('schemas/schema.graphql', await printSdl());

// 3. Typed test operations from test/operations/*.graphql against that SDL.
execFileSync(process.execPath, [join(root, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', join(root, 'codegen.yml')], { stdio: 'inherit', cwd: root });
