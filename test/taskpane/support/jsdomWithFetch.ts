/**
 * jsdom (as `@jest-environment jsdom`) plus Node's own fetch, Response, Request and Headers,
 * which jest-environment-jsdom leaves out. The task pane tests need them: the market store
 * fetches from the local fixture server (test/support/marketFixtureServer.ts) with the real
 * HTTP client, and the deal feed loader fetches a feed, so both run unmodified.
 * Node's fetch accepts jsdom's AbortSignal (it checks the signal's shape, not its class).
 */
import { TestEnvironment } from "jest-environment-jsdom";
import type { EnvironmentContext, JestEnvironmentConfig } from "@jest/environment";

export default class JsdomWithFetchEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const g = this.global as unknown as Record<string, unknown>;
    g.fetch = fetch;
    g.Response = Response;
    g.Request = Request;
    g.Headers = Headers;
  }
}
