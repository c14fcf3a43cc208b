// The slice of autocannon's API the API bench uses (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    interface Histogram { p50: number; p90: number; p99: number; average: number; max: number }
    interface Result { requests: Histogram; latency: Histogram; non2xx: number; errors: number }
    interface RequestParams { method?: string; path?: string; headers?: Record<string, string> }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      headers?: Record<string, string>;
      requests?: Array<RequestParams & { setupRequest?: (req: RequestParams) => RequestParams }>;
    }
  }
  function autocannon(options: autocannon.Options, cb: (err: Error | null, result: autocannon.Result) => void): unknown;
  export default autocannon;
}
