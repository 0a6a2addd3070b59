/**
 * In-process microbenchmark of the template engine, run as a child process of run.ts before anything else
 * (so it has the machine to itself and its memory does not count against the harness). It loads the
 * compiled server code from `<repo>/dist/` (built by `npm run build`), never the TypeScript sources.
 *
 * 1. Per complaint (µs): intake validation of `product-quality` data, rule evaluation (complaintFacts +
 *    evaluateRules), and both, over data that varies so the rules take different branches; next to a
 *    JSON.parse(JSON.stringify(data)) baseline and the cost of the timer itself.
 * 2. Per template version (ms): checkTemplate on a fresh SchemaCompiler (cold: the kind's meta-schema is
 *    compiled too; publish: meta-schema already compiled, as in a running server), and loadTemplateDirectory
 *    of the whole shipped set on a fresh compiler.
 *
 * Input: argv[2] is JSON TemplateBenchRequest. Output: one IPC message (TemplateBenchResult).
 */
import { join } from 'node:path';
import { procStatusKb, round, summarize } from './stats';

export interface TemplateBenchRequest {
  /** Repository root (dist/ and templates/ are under it). */
  root: string;
  /** Measured iterations per per-complaint operation. */
  iterations: number;
  /** Fresh-compiler runs per template (median reported). */
  compileRuns: number;
  /** Fresh-compiler runs of loadTemplateDirectory (median reported). */
  loadRuns: number;
}

export interface OpResult {
  name: string;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  iterations: number;
}

export interface CompileResult {
  kind: string;
  key: string;
  /** Embedded schemas the check compiled (distinct by content hash). */
  schemasCompiled: number;
  warnings: number;
  /** checkTemplate on a fresh compiler; includes compiling the kind's meta-schema (and common.schema.json). */
  coldMedianMs: number;
  coldMinMs: number;
  /** checkTemplate on a fresh compiler whose meta-schema validator was compiled beforehand (a publish in a running server). */
  publishMedianMs: number;
  publishMinMs: number;
  runs: number;
}

export interface TemplateBenchResult {
  iterations: number;
  warmupIterations: number;
  variants: number;
  /** Cost of one sample's pair of process.hrtime.bigint() calls around a no-op; included in every per-op figure. */
  timer: OpResult;
  baseline: OpResult;
  validate: OpResult;
  rules: OpResult;
  validateAndRules: OpResult;
  /** validateAndRules ÷ baseline, on mean and on p50. */
  ratioToBaseline: { mean: number; p50: number };
  /** How often each outcome came up over the measured rule evaluations (shows the branches taken). */
  outcomes: { severity: Record<string, number>; department: Record<string, number>; investigation: Record<string, number> };
  compile: CompileResult[];
  /** new SchemaCompiler() + registerMetaSchemas (reads schemas/), median ms. */
  newCompilerMedianMs: number;
  loadDirectory: { templates: number; medianMs: number; minMs: number; maxMs: number; runs: number };
  totalMs: number;
  peakRssKb: number | null;
  /** Problems that make the run invalid (invalid data, template errors); empty when all is well. */
  failures: string[];
}

// Minimal typings of the compiled modules under dist/ (see the sources under src/ for the real ones).
interface ValidateFunction {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}
interface SchemaCompiler {
  compile(cacheKey: string, schema: object): ValidateFunction;
  validator(id: string): ValidateFunction;
}
interface TemplateProblem {
  path: string;
  code: string;
  message: string;
  severity: 'error' | 'warning';
}
interface TemplateSet {
  get(kind: string, key: string): unknown;
}
interface LoadedTemplate {
  kind: string;
  key: string;
  content: Record<string, unknown>;
  contentHash: string;
  file: string;
  warnings: TemplateProblem[];
}
interface RuleOutcome {
  severity: string;
  department: string;
  investigation: string;
}
interface Modules {
  SchemaCompiler: new () => SchemaCompiler;
  registerMetaSchemas(schemas: SchemaCompiler): void;
  loadTemplateDirectory(schemas: SchemaCompiler, dir: string): Promise<LoadedTemplate[]>;
  setOf(templates: LoadedTemplate[]): TemplateSet;
  checkTemplate(schemas: SchemaCompiler, kind: string, content: unknown, set: TemplateSet): TemplateProblem[];
  metaSchemaId(kind: string): string;
  complaintFacts(type: unknown, complaint: { typeKey: string; data: Record<string, unknown>; category?: string | null }): unknown;
  evaluateRules(schemas: SchemaCompiler, type: unknown, facts: unknown): RuleOutcome;
}

function loadModules(root: string): Modules {
  require('reflect-metadata');
  const dist = (file: string): unknown => {
    const path = join(root, 'dist', file);
    try {
      return require(path);
    } catch (error) {
      throw new Error(`cannot load ${path} (run npm run build first): ${(error as Error).message}`);
    }
  };
  const compiler = dist('shared/json-schema/schema-compiler.js') as Pick<Modules, 'SchemaCompiler'>;
  const files = dist('templates/template-files.js') as Pick<Modules, 'registerMetaSchemas' | 'loadTemplateDirectory' | 'setOf'>;
  const check = dist('templates/template-check.js') as Pick<Modules, 'checkTemplate'>;
  const kinds = dist('templates/template-kinds.js') as Pick<Modules, 'metaSchemaId'>;
  const rules = dist('templates/rules.js') as Pick<Modules, 'complaintFacts' | 'evaluateRules'>;
  return {
    SchemaCompiler: compiler.SchemaCompiler,
    registerMetaSchemas: files.registerMetaSchemas,
    loadTemplateDirectory: files.loadTemplateDirectory,
    setOf: files.setOf,
    checkTemplate: check.checkTemplate,
    metaSchemaId: kinds.metaSchemaId,
    complaintFacts: rules.complaintFacts,
    evaluateRules: rules.evaluateRules,
  };
}

const TYPE_KEY = 'product-quality';
const DEFECTS = ['dimensional', 'cosmetic', 'functional', 'material', 'packaging', 'labeling', 'other'];
const QUANTITIES = [1, 12, 120, 480, 999, 1000, 2400, 15000];
const STAGES = ['incoming-inspection', 'customer-line', 'end-of-line-test', 'field', undefined];
const CATEGORIES = [null, 'design-defect', 'stamping', 'assembly', 'raw-material', 'purchased-part', 'packaging', 'labeling', 'welding'];
const VARIANTS = 64; // a power of two: variant i & (VARIANTS - 1)

interface Variant {
  data: Record<string, unknown>;
  category: string | null;
}

/** Valid product-quality intakes (as test/fixtures/complaints.ts productQualityData) with varied rule inputs. */
function variants(): Variant[] {
  const list: Variant[] = [];
  for (let i = 0; i < VARIANTS; i++) {
    const data: Record<string, unknown> = {
      customer: { organization: '华东汽车零部件有限公司', contactName: '王工', phone: '+86 21 5555 0101', email: 'wang@example.cn' },
      receivedAt: '2026-11-20T08:30:00Z',
      channel: i % 3 === 0 ? 'phone' : 'email',
      product: { partNumber: `BRK-${2041 + (i % 5)}`, name: 'Brake bracket' },
      orderNumber: `SO-${88123 + i}`,
      lotNumbers: Array.from({ length: 1 + (i % 3) }, (_, j) => `L2026-11-0${7 + j}A`),
      quantityAffected: QUANTITIES[(i * 3) % QUANTITIES.length],
      defectType: DEFECTS[i % DEFECTS.length],
      description: '孔位偏移 0.3 mm，无法装配。Hole position off by 0.3 mm; cannot assemble.',
      demand: 'exchange',
    };
    const stage = STAGES[i % STAGES.length];
    if (stage) data.detectionStage = stage;
    if (i % 11 === 0) data.safetyRelated = true;
    else if (i % 4 === 0) data.safetyRelated = false;
    list.push({ data, category: CATEGORIES[i % CATEGORIES.length] });
  }
  return list;
}

let sink = 0; // keeps results alive so nothing is optimised away

interface Op {
  name: string;
  run: (i: number) => unknown;
}

const ROUNDS = 10;

/**
 * Times each op one call at a time with process.hrtime.bigint(). After one untimed warm-up round of every op,
 * the ops take turns in ROUNDS rounds of iterations/ROUNDS calls each, so drift, GC and JIT tier-ups over the
 * run fall on all of them alike instead of on whichever runs first or last.
 */
function timeOps(ops: Op[], iterations: number, warmup: number): OpResult[] {
  for (const op of ops) for (let i = 0; i < warmup; i++) if (op.run(i)) sink++;
  const perRound = Math.ceil(iterations / ROUNDS);
  const total = perRound * ROUNDS;
  const samples = ops.map(() => new Float64Array(total));
  for (let round = 0; round < ROUNDS; round++) {
    ops.forEach((op, k) => {
      const into = samples[k];
      const run = op.run;
      for (let i = round * perRound, end = i + perRound; i < end; i++) {
        const t0 = process.hrtime.bigint();
        const result = run(i);
        const t1 = process.hrtime.bigint();
        if (result) sink++;
        into[i] = Number(t1 - t0) / 1000;
      }
    });
  }
  return ops.map((op, k) => {
    const s = summarize(samples[k]);
    return { name: op.name, meanUs: s.meanMs, p50Us: s.p50Ms, p99Us: s.p99Ms, maxUs: s.maxMs, iterations: total };
  });
}

const msSince = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as TemplateBenchRequest;
  const started = process.hrtime.bigint();
  const m = loadModules(request.root);
  const failures: string[] = [];
  const templatesDir = join(request.root, 'templates');

  const freshCompiler = (): SchemaCompiler => {
    const schemas = new m.SchemaCompiler();
    m.registerMetaSchemas(schemas);
    return schemas;
  };

  // The shipped set, loaded once: the product-quality type, and the set for reference checks.
  const schemas = freshCompiler();
  const shipped = await m.loadTemplateDirectory(schemas, templatesDir);
  const set = m.setOf(shipped);
  const type = shipped.find((t) => t.kind === 'complaint-type' && t.key === TYPE_KEY);
  if (!type) throw new Error(`no complaint-type/${TYPE_KEY} in ${templatesDir}`);
  // Same cache key as the server (TemplateService.toPublished).
  const validate = schemas.compile(`complaint-type:${type.contentHash}`, type.content.intakeSchema as object);

  // 1. Per complaint.
  const pool = variants();
  for (const [i, v] of pool.entries()) {
    if (!validate(v.data)) failures.push(`variant ${i} is not valid product-quality data: ${JSON.stringify(validate.errors)}`);
  }
  const mask = VARIANTS - 1;
  const warmup = Math.max(1000, Math.round(request.iterations / 10));
  const facts = (v: Variant) => m.complaintFacts(type.content, { typeKey: TYPE_KEY, data: v.data, category: v.category });
  let invalid = 0;
  const [timer, baseline, validateOnly, rules, both] = timeOps(
    [
      { name: 'timer (hrtime pair, no-op)', run: (i) => i },
      { name: 'JSON.parse(JSON.stringify(data))', run: (i) => JSON.parse(JSON.stringify(pool[i & mask].data)) },
      { name: '(a) validate intake', run: (i) => validate(pool[i & mask].data) || invalid++ < 0 },
      { name: '(b) rules (facts + evaluateRules)', run: (i) => m.evaluateRules(schemas, type.content, facts(pool[i & mask])) },
      {
        name: '(c) validate + rules',
        run: (i) => {
          const v = pool[i & mask];
          if (!validate(v.data)) return invalid++;
          return m.evaluateRules(schemas, type.content, facts(v));
        },
      },
    ],
    request.iterations,
    warmup,
  );
  const outcomes = { severity: {} as Record<string, number>, department: {} as Record<string, number>, investigation: {} as Record<string, number> };
  if (invalid) failures.push(`${invalid} validations of valid data returned false`);
  // Branch coverage over the same iterations as (b), untimed.
  for (let i = 0; i < rules.iterations; i++) {
    const o = m.evaluateRules(schemas, type.content, facts(pool[i & mask]));
    outcomes.severity[o.severity] = (outcomes.severity[o.severity] ?? 0) + 1;
    outcomes.department[o.department] = (outcomes.department[o.department] ?? 0) + 1;
    outcomes.investigation[o.investigation] = (outcomes.investigation[o.investigation] ?? 0) + 1;
  }

  // 2. Compiling a template version: fresh compiler every run, so nothing is cached.
  const targets = shipped.filter((t) => t.kind === 'complaint-type' || (t.kind === 'investigation' && t.key === '8d'));
  if (!targets.some((t) => t.kind === 'investigation')) failures.push('no investigation/8d template in the shipped set');
  const newCompilerMs: number[] = [];
  const checkOnce = (t: LoadedTemplate, metaWarm: boolean): number => {
    const t0 = process.hrtime.bigint();
    const fresh = freshCompiler();
    newCompilerMs.push(msSince(t0));
    if (metaWarm) fresh.validator(m.metaSchemaId(t.kind));
    const t1 = process.hrtime.bigint();
    const problems = m.checkTemplate(fresh, t.kind, t.content, set);
    const ms = msSince(t1);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) throw new Error(`${t.kind}/${t.key}: checkTemplate reported errors: ${JSON.stringify(errors)}`);
    return ms;
  };
  // Warm the compile path itself (ajv's code generator) before measuring.
  for (let i = 0; i < 2; i++) for (const t of targets) checkOnce(t, i % 2 === 0);
  newCompilerMs.length = 0;
  const compile: CompileResult[] = [];
  for (const t of targets) {
    // One counted, untimed run: how many embedded schemas the check compiles.
    const counting = freshCompiler();
    let compiled = 0;
    const compileOriginal = counting.compile.bind(counting);
    counting.compile = (key, schema) => (compiled++, compileOriginal(key, schema));
    const problems = m.checkTemplate(counting, t.kind, t.content, set);
    const cold: number[] = [];
    const publish: number[] = [];
    for (let run = 0; run < request.compileRuns; run++) {
      cold.push(checkOnce(t, false));
      publish.push(checkOnce(t, true));
    }
    compile.push({
      kind: t.kind,
      key: t.key,
      schemasCompiled: compiled,
      warnings: problems.length,
      coldMedianMs: round(median(cold), 3),
      coldMinMs: round(Math.min(...cold), 3),
      publishMedianMs: round(median(publish), 3),
      publishMinMs: round(Math.min(...publish), 3),
      runs: request.compileRuns,
    });
  }

  const load: number[] = [];
  let loadedCount = 0;
  for (let run = 0; run < request.loadRuns + 1; run++) {
    const fresh = freshCompiler();
    const t0 = process.hrtime.bigint();
    loadedCount = (await m.loadTemplateDirectory(fresh, templatesDir)).length;
    if (run > 0) load.push(msSince(t0)); // run 0 is a warm-up
  }

  const result: TemplateBenchResult = {
    iterations: validateOnly.iterations,
    warmupIterations: warmup,
    variants: VARIANTS,
    timer,
    baseline,
    validate: validateOnly,
    rules,
    validateAndRules: both,
    ratioToBaseline: { mean: round(both.meanUs / baseline.meanUs, 2), p50: round(both.p50Us / baseline.p50Us, 2) },
    outcomes,
    compile,
    newCompilerMedianMs: round(median(newCompilerMs), 3),
    loadDirectory: { templates: loadedCount, medianMs: round(median(load), 2), minMs: round(Math.min(...load), 2), maxMs: round(Math.max(...load), 2), runs: load.length },
    totalMs: Math.round(msSince(started)),
    peakRssKb: procStatusKb('self', 'VmHWM'),
    failures,
  };
  if (sink < 0) process.stderr.write('unreachable\n');
  await new Promise<void>((resolve, reject) => process.send!(result, (err: Error | null) => (err ? reject(err) : resolve())));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`template benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
