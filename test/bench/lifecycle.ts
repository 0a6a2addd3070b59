/**
 * The stage-1 lifecycle phase: N workers in the harness process, each running one complaint's whole stage-1
 * lifecycle after another (create -> ... -> CLOSED) as sequential GraphQL POSTs over a keep-alive connection.
 * Every request is timed on its own with process.hrtime.bigint(); every result is checked.
 */
import { Agent, request as httpRequest } from 'node:http';
import { procCpuSeconds, round, Samples, summarize, type Summary } from './stats';

/** The complaint as the last successful step returned it. */
interface Current {
  id: string;
  version: number;
}

interface Step {
  /** The mutation field, e.g. startReview. */
  mutation: string;
  /** GraphQL type of its `input` argument. */
  inputType: string;
  /** Status the complaint must have after the step; null: not checked (createComplaint selects no status). */
  expect: string | null;
  /** The `input` variable; `current` is the complaint after the previous step (null for the create). */
  input: (current: Current | null, createData: Record<string, unknown>) => Record<string, unknown>;
}

const ref = (c: Current | null) => ({ id: c!.id, version: c!.version });

/** The accepted path without approval (a repair needs none), in order. */
export const LIFECYCLE_STEPS: readonly Step[] = [
  { mutation: 'createComplaint', inputType: 'CreateComplaintInput', expect: null, input: (_c, data) => ({ typeKey: 'product-quality', data }) },
  { mutation: 'startReview', inputType: 'ComplaintStepInput', expect: 'UNDER_REVIEW', input: (c) => ref(c) },
  { mutation: 'acceptComplaint', inputType: 'AcceptComplaintInput', expect: 'ACCEPTED', input: (c) => ({ ...ref(c), category: 'material' }) },
  { mutation: 'addContainmentAction', inputType: 'AddContainmentActionInput', expect: 'CONTAINMENT', input: (c) => ({ ...ref(c), description: 'freeze stock' }) },
  { mutation: 'proposeRemedy', inputType: 'ProposeRemedyInput', expect: 'REMEDY_PROPOSED', input: (c) => ({ ...ref(c), type: 'repair' }) },
  { mutation: 'submitRemedy', inputType: 'ComplaintStepInput', expect: 'REMEDY_APPROVED', input: (c) => ref(c) },
  {
    mutation: 'notifyCustomer',
    inputType: 'NotifyCustomerInput',
    expect: 'CUSTOMER_NOTIFIED',
    input: (c) => ({ ...ref(c), channel: 'email', text: 'We will repair the parts.' }),
  },
  { mutation: 'requestFeedback', inputType: 'ComplaintStepInput', expect: 'AWAITING_FEEDBACK', input: (c) => ref(c) },
  {
    mutation: 'recordCustomerFeedback',
    inputType: 'RecordCustomerFeedbackInput',
    expect: 'CLOSED',
    input: (c) => ({ ...ref(c), satisfaction: 5, acceptsResolution: true }),
  },
];

/** One document per step, always with `$input` as a variable. */
function documentOf(step: Step): string {
  const complaintFields = step.mutation === 'createComplaint' ? 'id version' : 'id version status';
  const operation = step.mutation[0].toUpperCase() + step.mutation.slice(1);
  return (
    `mutation ${operation}($input: ${step.inputType}!) { ${step.mutation}(input: $input) ` +
    `{ __typename ... on Complaint { ${complaintFields} } ... on ErrorResult { code message } } }`
  );
}

export interface LifecycleOptions {
  name: string;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  apiKey: string;
  /** Concurrent workers, each with its own sequential lifecycles (and, through the keep-alive agent, one socket). */
  workers: number;
  seconds: number;
  /** `data` of createComplaint. */
  createData: Record<string, unknown>;
  /** Server process to measure CPU of during the phase. */
  serverPid?: number;
}

export interface StepResult {
  mutation: string;
  /** Status checked after the step (null: not checked). */
  expect: string | null;
  /** Responses (any outcome) that completed within the phase. */
  count: number;
  /** Failed responses of this mutation (also those completing after the end of the phase). */
  errors: number;
  latency: Summary;
}

export interface LifecycleErrors {
  /** Responses with a status outside 2xx, by status code. */
  non2xx: Record<string, number>;
  /** Unparsable bodies, GraphQL `errors`, missing data. */
  bad: number;
  /** A typed refusal (ErrorResult or other non-Complaint __typename), by `__typename/code`. */
  refused: Record<string, number>;
  /** A Complaint in an unexpected status, or without id / version. */
  wrongShape: number;
  /** Connection errors and timeouts. */
  transport: number;
  total: number;
  /** Up to 5 distinct examples. */
  examples: string[];
}

export interface LifecycleResult {
  name: string;
  workers: number;
  seconds: number;
  /** Lifecycles whose last step (status CLOSED) completed within the phase. */
  lifecycles: number;
  lifecyclesPerSec: number;
  /** Mutation responses (any outcome) that completed within the phase, and per second. */
  mutations: number;
  mutationsPerSec: number;
  /** Time of one whole lifecycle (first request written to last response ended), completed ones only. */
  lifecycleLatency: Summary;
  steps: StepResult[];
  errors: LifecycleErrors;
  /** createComplaint answers of type Complaint, including those after the end of the phase (rows the phase added). */
  complaintsCreated: number;
  /** Lifecycles left unfinished when the phase ended (no further step was sent). */
  cutOff: number;
  serverCpuPct: number | null;
  harnessCpuPct: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

interface Reply {
  status: number;
  body: string;
}

/** One POST; resolves with status and body, rejects on a transport error or timeout. */
function post(agent: Agent, url: URL, headers: Record<string, string>, payload: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { agent, hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export async function runLifecycle(options: LifecycleOptions): Promise<LifecycleResult> {
  const url = new URL(options.url);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` };
  const agent = new Agent({ keepAlive: true, maxSockets: options.workers });
  const documents = LIFECYCLE_STEPS.map(documentOf);
  const latencies = LIFECYCLE_STEPS.map(() => new Samples());
  const stepErrors = LIFECYCLE_STEPS.map(() => 0);
  const lifecycleLatencies = new Samples();
  const errors: LifecycleErrors = { non2xx: {}, bad: 0, refused: {}, wrongShape: 0, transport: 0, total: 0, examples: [] };
  const example = (text: string) => {
    const trimmed = text.trim();
    const short = trimmed.length > 400 ? `${trimmed.slice(0, 400)}…` : trimmed;
    if (errors.examples.length < 5 && !errors.examples.includes(short)) errors.examples.push(short);
  };
  let lifecycles = 0;
  let complaintsCreated = 0;
  let cutOff = 0;

  /** Checks one response; returns the complaint after the step, or null (failure recorded). */
  const check = (index: number, reply: Reply): Current | null => {
    const step = LIFECYCLE_STEPS[index];
    const fail = (counter: () => void, text: string): null => {
      counter();
      stepErrors[index]++;
      errors.total++;
      example(`${step.mutation}: ${text}`);
      return null;
    };
    if (reply.status < 200 || reply.status > 299) {
      return fail(() => (errors.non2xx[reply.status] = (errors.non2xx[reply.status] ?? 0) + 1), `HTTP ${reply.status}: ${reply.body}`);
    }
    let json: { data?: Record<string, unknown> | null; errors?: unknown[] };
    try {
      json = JSON.parse(reply.body) as typeof json;
    } catch {
      return fail(() => errors.bad++, `unparsable body: ${reply.body}`);
    }
    if (Array.isArray(json?.errors) && json.errors.length) return fail(() => errors.bad++, `GraphQL errors: ${reply.body}`);
    const result = json?.data?.[step.mutation] as { __typename?: string; id?: unknown; version?: unknown; status?: unknown; code?: unknown; message?: unknown } | undefined;
    if (!result) return fail(() => errors.bad++, `no data.${step.mutation}: ${reply.body}`);
    if (result.__typename !== 'Complaint') {
      const key = `${String(result.__typename)}/${String(result.code)}`;
      return fail(
        () => (errors.refused[key] = (errors.refused[key] ?? 0) + 1),
        `refused with ${String(result.__typename)} code=${String(result.code)} message=${JSON.stringify(result.message)}: ${reply.body}`,
      );
    }
    if (typeof result.id !== 'string' || typeof result.version !== 'number') return fail(() => errors.wrongShape++, `Complaint without id or version: ${reply.body}`);
    if (step.expect !== null && result.status !== step.expect) {
      return fail(() => errors.wrongShape++, `status ${String(result.status)}, expected ${step.expect}: ${reply.body}`);
    }
    if (index === 0) complaintsCreated++;
    return { id: result.id, version: result.version };
  };

  const serverCpu0 = options.serverPid ? procCpuSeconds(options.serverPid) : null;
  const harnessCpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(options.seconds * 1e9));

  const worker = async () => {
    while (process.hrtime.bigint() < deadline) {
      let current: Current | null = null;
      let lifecycleStart = 0n;
      let done = false;
      for (let i = 0; i < LIFECYCLE_STEPS.length; i++) {
        if (process.hrtime.bigint() >= deadline) {
          if (i > 0) cutOff++;
          break;
        }
        const step = LIFECYCLE_STEPS[i];
        const payload = JSON.stringify({ query: documents[i], variables: { input: step.input(current, options.createData) } });
        const t0 = process.hrtime.bigint();
        if (i === 0) lifecycleStart = t0;
        let reply: Reply;
        try {
          reply = await post(agent, url, headers, payload);
        } catch (error) {
          errors.transport++;
          errors.total++;
          stepErrors[i]++;
          example(`${step.mutation}: request error: ${(error as Error).message}`);
          break;
        }
        const t1 = process.hrtime.bigint();
        const inTime = t1 <= deadline;
        if (inTime) latencies[i].push(Number(t1 - t0) / 1e6);
        current = check(i, reply);
        if (!current) break; // refused or wrong: abandon this complaint, start a new lifecycle
        if (i === LIFECYCLE_STEPS.length - 1) {
          done = inTime;
          if (inTime) lifecycleLatencies.push(Number(t1 - lifecycleStart) / 1e6);
        }
      }
      if (done) lifecycles++;
    }
  };

  try {
    await Promise.all(Array.from({ length: options.workers }, worker));
  } finally {
    agent.destroy();
  }

  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const serverCpu1 = options.serverPid ? procCpuSeconds(options.serverPid) : null;
  const harnessCpu = process.cpuUsage(harnessCpu0);
  const steps: StepResult[] = LIFECYCLE_STEPS.map((step, i) => ({
    mutation: step.mutation,
    expect: step.expect,
    count: latencies[i].length,
    errors: stepErrors[i],
    latency: summarize(latencies[i].values()),
  }));
  const mutations = steps.reduce((sum, s) => sum + s.count, 0);
  return {
    name: options.name,
    workers: options.workers,
    seconds: options.seconds,
    lifecycles,
    lifecyclesPerSec: round(lifecycles / options.seconds, 2),
    mutations,
    mutationsPerSec: round(mutations / options.seconds, 1),
    lifecycleLatency: summarize(lifecycleLatencies.values()),
    steps,
    errors,
    complaintsCreated,
    cutOff,
    serverCpuPct: serverCpu0 !== null && serverCpu1 !== null ? round(((serverCpu1 - serverCpu0) / wallSeconds) * 100, 0) : null,
    harnessCpuPct: round(((harnessCpu.user + harnessCpu.system) / 1e6 / wallSeconds) * 100, 0),
  };
}
