/** One load phase: autocannon against the GraphQL endpoint, every response checked, latencies kept exactly. */
import autocannon = require('autocannon');
import { procCpuSeconds, round, Samples, summarize, type Summary } from './stats';

export interface GraphQLBody {
  query: string;
  variables: Record<string, unknown>;
}

export interface PhaseOptions {
  name: string;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  apiKey: string;
  connections: number;
  seconds: number;
  /** The request body; called for every request (so it may vary, e.g. rotate ids). */
  body: () => GraphQLBody;
  /**
   * Checks one parsed 2xx response body; returns a description of what is wrong, or null when it is fine.
   * `accept` is called with every good body (e.g. to collect created ids).
   */
  check: (json: unknown) => string | null;
  accept?: (json: unknown) => void;
  /** Server process to measure CPU of during the phase. */
  serverPid?: number;
}

export interface PhaseErrors {
  /** Responses with a status outside 2xx, by status code. */
  non2xx: Record<string, number>;
  /** 2xx responses whose body was not what the phase expects (GraphQL errors, ErrorResult, bad JSON...). */
  bad: number;
  /** Connection errors and timeouts reported by autocannon. */
  transport: number;
  timeouts: number;
  total: number;
  /** Up to 5 distinct examples. */
  examples: string[];
}

export interface PhaseResult {
  name: string;
  connections: number;
  seconds: number;
  /** Completed responses (any status). */
  requests: number;
  /** Completed responses per second of the phase. */
  rps: number;
  /** Per-request latency over every completed response, from write of the request to end of the response. */
  latency: Summary;
  errors: PhaseErrors;
  /** CPU used during the phase, as % of one core (100 = one core busy the whole time; 2 cores -> max 200). */
  serverCpuPct: number | null;
  harnessCpuPct: number;
}

export function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` };
  const latencies = new Samples();
  const errors: PhaseErrors = { non2xx: {}, bad: 0, transport: 0, timeouts: 0, total: 0, examples: [] };
  const example = (text: string) => {
    const short = text.length > 400 ? `${text.slice(0, 400)}…` : text;
    if (errors.examples.length < 5 && !errors.examples.includes(short)) errors.examples.push(short);
  };

  const onResponse = (status: number, body: string) => {
    if (status < 200 || status > 299) {
      errors.non2xx[status] = (errors.non2xx[status] ?? 0) + 1;
      example(`HTTP ${status}: ${body}`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      errors.bad++;
      example(`unparsable body: ${body}`);
      return;
    }
    let problem: string | null;
    try {
      problem = check(json);
    } catch (error) {
      problem = `check failed (${(error as Error).message})`;
    }
    if (problem) {
      errors.bad++;
      example(`${problem}: ${body}`);
    } else options.accept?.(json);
  };
  const check = (json: unknown): string | null => {
    const errs = (json as { errors?: unknown[] } | null)?.errors;
    if (Array.isArray(errs) && errs.length) return 'GraphQL errors';
    return options.check(json);
  };

  const request: autocannon.Request = {
    method: 'POST',
    path: new URL(options.url).pathname,
    headers,
    setupRequest: (req) => ({ ...req, body: JSON.stringify(options.body()) }),
    onResponse,
  };

  const serverCpu0 = options.serverPid ? procCpuSeconds(options.serverPid) : null;
  const harnessCpu0 = process.cpuUsage();
  const wall0 = performance.now();

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: options.url, connections: options.connections, duration: options.seconds, timeout: 30, requests: [request], title: options.name },
      (error, result) => {
        if (error) return reject(error);
        const wallSeconds = (performance.now() - wall0) / 1000;
        const serverCpu1 = options.serverPid ? procCpuSeconds(options.serverPid) : null;
        const harnessCpu = process.cpuUsage(harnessCpu0);
        errors.transport = result.errors - result.timeouts;
        errors.timeouts = result.timeouts;
        errors.total = Object.values(errors.non2xx).reduce((a, b) => a + b, 0) + errors.bad + result.errors;
        const requests = latencies.length;
        resolve({
          name: options.name,
          connections: options.connections,
          seconds: result.duration,
          requests,
          rps: round(requests / result.duration, 1),
          latency: summarize(latencies.values()),
          errors,
          serverCpuPct: serverCpu0 !== null && serverCpu1 !== null ? round(((serverCpu1 - serverCpu0) / wallSeconds) * 100, 0) : null,
          harnessCpuPct: round(((harnessCpu.user + harnessCpu.system) / 1e6 / wallSeconds) * 100, 0),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
    instance.on('reqError', (error) => example(`request error: ${error.message}`));
  });
}
