import type { AccountabilityPolicy, ConsequenceKind, OrganizationTemplate } from '../__generated__';
import { atScale, divideHalfUp, formatDecimal, formatMinor, parseDecimal } from '../costs';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { matches } from '../shared/rules/conditions';
import type { ResponsiblePartyRecord } from './responsibility.entity';

/** What a consequence rule's `when` is evaluated against (documented in schemas/organization.schema.json, AccountabilityPolicy.rules). */
export interface AccountabilityFacts {
  typeKey: string;
  severity: string | null;
  category: string | null;
  categoryPath: string[];
  complaintDepartment: string | null;
  costTotal: number;
  currency: string;
  target: 'person' | 'department';
  department: string;
  kind: 'direct' | 'managerial';
  share: number;
  repeatCount: number;
}

/** One consequence the policy proposes for a party, before it is stored. */
export interface ProposedConsequence {
  partyIndex: number;
  person: { userId: string; name: string } | null;
  ruleKey: string;
  kind: ConsequenceKind;
  amount: string | null;
  /** The facts its rule matched: with the consequence's own, what its approval route's conditions see. */
  facts: AccountabilityFacts;
}

/** What the `when` of a consequence's approval route steps is evaluated against (documented in schemas/organization.schema.json, ConsequenceKind). */
export interface ConsequenceFacts extends AccountabilityFacts {
  consequenceKind: string;
  unit: ConsequenceKind['unit'];
  amount: number | null;
}

export const consequenceFacts = (p: ProposedConsequence): ConsequenceFacts => ({ ...p.facts, consequenceKind: p.kind.key, unit: p.kind.unit, amount: p.amount === null ? null : Number(p.amount) });

export const policyOf = (org: OrganizationTemplate | undefined): AccountabilityPolicy | undefined => org?.accountability;

/** Share as a number of percent for conditions: 6000 -> 60, 3333 -> 33.33. */
export const sharePercent = (bp: number): number => Number(formatDecimal(BigInt(bp), 2));

/**
 * amount x share / 100, rounded half up (四舍五入) to `scale` decimals, exactly: "10" at 33.33 % and scale 1
 * is 3.333 -> "3.3"; "20" at 50 % and scale 2 is "10.00". Unscaled amounts are rounded the same way.
 */
export function scaleAmount(amount: string, shareBp: number | null, scale: number): string {
  const parsed = parseDecimal(amount, 6);
  if ('problem' in parsed) throw new Error(`policy amount ${amount} is not a decimal (the meta-schema admits only decimals)`);
  const atSix = atScale(parsed, 6);
  const scaled = shareBp === null ? divideHalfUp(atSix * 10n ** BigInt(scale), 10n ** 6n) : divideHalfUp(atSix * BigInt(shareBp) * 10n ** BigInt(scale), 10n ** 6n * 10000n);
  return formatMinor(scaled, scale);
}

/**
 * The consequences the policy proposes for the parties of a decision: every rule whose condition matches a
 * party's facts, for each of its people (person rules) or for its department (department rules).
 */
export function proposeConsequences(
  schemas: SchemaCompiler,
  policy: AccountabilityPolicy,
  parties: ResponsiblePartyRecord[],
  factsOf: (party: ResponsiblePartyRecord, target: 'person' | 'department', person: { userId: string } | null) => AccountabilityFacts,
): ProposedConsequence[] {
  const kinds = new Map(policy.consequenceKinds.map((k) => [k.key, k]));
  const out: ProposedConsequence[] = [];
  parties.forEach((party, partyIndex) => {
    for (const rule of policy.rules) {
      const targets = rule.target === 'person' ? party.people : [null];
      for (const person of targets) {
        const facts = factsOf(party, rule.target, person);
        if (!matches(schemas, rule.when, facts)) continue;
        for (const item of rule.consequences) {
          const kind = kinds.get(item.kind)!;
          const amount = kind.unit === 'none' || item.amount === undefined ? null : scaleAmount(item.amount, item.scaleByShare === false ? null : party.shareBp, kind.scale ?? 2);
          out.push({ partyIndex, person, ruleKey: rule.key, kind, amount, facts });
        }
      }
    }
  });
  return out;
}
