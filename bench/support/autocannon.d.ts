// The subset of autocannon's API the benchmarks use (the package ships no types).
declare module "autocannon" {
  interface Stat { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p99: number; p99_9?: number }
  export interface Result {
    latency: Stat;
    requests: Stat;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "1xx": number;
    "2xx": number;
    "3xx": number;
    "4xx": number;
    "5xx": number;
    totalCompletedRequests: number;
  }
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (req: Request) => Request;
  }
  export interface Options {
    url: string;
    connections?: number;
    amount?: number;
    duration?: number;
    overallRate?: number;
    timeout?: number;
    pipelining?: number;
    requests?: Request[];
    /** How often (ms) it samples — and checks whether the run is over (default 1,000). */
    sampleInt?: number;
  }
  /** With a callback it returns the running instance, which emits "response" per response. */
  export interface Instance {
    on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): Instance;
  }
  function autocannon(opts: Options): Promise<Result>;
  function autocannon(opts: Options, callback: (err: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
