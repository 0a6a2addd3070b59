import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { ComplaintTypeTemplate } from '../__generated__';
import { type IntakeConcept, intakePointer, pointerTokens, TemplateVersion } from '../templates';
import type { Complaint } from './complaint.entity';

/** A JSON pointer and its value as a nested JSON query on `data`, e.g. /order/sku = "A" -> { order: { sku: "A" } }. */
const nested = (pointer: string, value: unknown): Record<string, unknown> =>
  pointerTokens(pointer).reduceRight<unknown>((inner, token) => ({ [token]: inner }), value) as Record<string, unknown>;

/**
 * The complaints whose intake has these values (e.g. customer and part number), each read where the complaint
 * type version a complaint is pinned to keeps it (its intakeFields). Versions that read alike share one condition;
 * when every version reads them at the same paths, the condition names no type.
 */
export async function intakeFilter(em: EntityManager, tenantId: string, wanted: Partial<Record<IntakeConcept, string>>): Promise<FilterQuery<Complaint>> {
  const concepts = (Object.keys(wanted) as IntakeConcept[]).filter((k) => wanted[k]);
  const versions = await em.find(TemplateVersion, { tenant: tenantId, kind: 'complaint-type' }, { fields: ['key', 'version', 'content'] });
  const groups = new Map<string, { pointers: string[]; versions: Array<{ typeKey: string; templateVersion: number }> }>();
  for (const v of versions) {
    const pointers = concepts.map((k) => intakePointer(v.content as unknown as ComplaintTypeTemplate, k));
    const id = JSON.stringify(pointers);
    const group = groups.get(id) ?? { pointers, versions: [] };
    group.versions.push({ typeKey: v.key, templateVersion: v.version });
    groups.set(id, group);
  }
  const on = (pointers: string[]): FilterQuery<Complaint> => ({ $and: pointers.map((p, i) => ({ data: nested(p, wanted[concepts[i]!]) })) }) as FilterQuery<Complaint>;
  if (groups.size === 0) return on(concepts.map((k) => intakePointer(undefined, k)));
  if (groups.size === 1) return on([...groups.values()][0]!.pointers);
  return { $or: [...groups.values()].map((g) => ({ $and: [{ $or: g.versions }, on(g.pointers)] })) } as FilterQuery<Complaint>;
}
