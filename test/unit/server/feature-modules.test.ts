import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { features } from '../../../src/features';
import { NodeResolver } from '../../../src/server/node.resolver';
import { createSchema, resolvers } from '../../../src/server/schema';
import { Container } from '../../../src/shared/container';

const SRC = join(__dirname, '../../../src');
/** Top-level folders of src/ that are layers, not features (as in .dependency-cruiser.cjs). */
const NOT_FEATURES = ['shared', 'db', 'server', 'config', 'cli', '__generated__'];
const folders = readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory() && !NOT_FEATURES.includes(d.name)).map((d) => d.name);
const filesOf = (folder: string) => readdirSync(join(SRC, folder));
const resolverFiles = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.resolver.ts'));

/** A container with an instance of each of these classes (unused: createSchema only asks for each before building). */
function containerOf(classes: readonly (abstract new (...args: never[]) => object)[]): Container {
  const container = new Container();
  for (const type of classes) container.register(type, Object.create(type.prototype));
  return container;
}

describe('feature modules (src/features.ts)', () => {
  it('lists every feature folder with entities or resolvers once, under its folder name', () => {
    const withParts = folders.filter((f) => filesOf(f).some((file) => file === 'entities.ts' || file.endsWith('.resolver.ts'))).sort();
    expect(features.map((m) => m.name).sort()).toEqual(withParts);
    for (const m of features) expect(filesOf(m.name)).toContain(`${m.name}.module.ts`);
  });

  it('registers every resolver class exactly once', () => {
    const names = resolvers.map((r) => r.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(resolvers).toContain(NodeResolver);
  });

  it('leaves out no resolver class of src/', async () => {
    for (const file of resolverFiles) await import(join(SRC, file));
    const listed = new Set<unknown>(resolvers);
    const unlisted = getMetadataStorage().resolverClasses.filter((r) => !listed.has(r.target)).map((r) => r.target.name);
    expect(unlisted).toEqual([]);
  });

  it('lists each entity in one module only', () => {
    const all = features.flatMap((m) => [...(m.entities.tenantRelation ?? []), ...(m.entities.tenantId ?? []), ...(m.entities.unfiltered ?? [])]).map((e) => e.name);
    expect(all.filter((name, i) => all.indexOf(name) !== i)).toEqual([]);
  });
});

describe('createSchema(container)', () => {
  it('builds when every resolver is registered', async () => {
    await expect(createSchema(containerOf(resolvers))).resolves.toBeDefined();
  });

  it.each(['ComplaintResolver', 'TenantResolver', 'WebhookDeliveryResolver', 'NodeResolver'])('fails the start naming %s when it is not registered', async (name) => {
    const others = resolvers.filter((r) => r.name !== name);
    expect(others).toHaveLength(resolvers.length - 1);
    await expect(createSchema(containerOf(others))).rejects.toThrow(`container: no instance of ${name} is registered (register it at the composition root)`);
  });

  it('fails the start naming a resolver registered twice (two modules listing one class)', () => {
    const twice = resolvers[1];
    expect(() => containerOf([...resolvers, twice])).toThrow(`container: ${twice.name} is registered twice`);
  });
});
