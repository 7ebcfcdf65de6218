// What the coordinator tells the agent page about where things are, embedded in the page as
// JSON (devices/browser-agent-route.ts writes it, page.ts reads it), and the page's asset paths.
import { HTTP_PATHS } from '../protocol-http.ts';

export interface PageConfig {
  /** Directory URL (path) of onnxruntime-web's dist files, ending in '/'. */
  readonly ortBaseUrl: string;
  /** The onnxruntime-web version served there, reported in the device description. */
  readonly ortVersion: string;
  /** The measuring frame's document. */
  readonly frameUrl: string;
}

/** Paths under the public agent page (no token needed: a device opens them before it has one). */
export const AGENT_ASSETS = Object.freeze({
  page: HTTP_PATHS.agentPage,
  script: `${HTTP_PATHS.agentPage}/agent.js`,
  frame: `${HTTP_PATHS.agentPage}/measure.html`,
  frameScript: `${HTTP_PATHS.agentPage}/measure.js`,
  /** Followed by the onnxruntime-web version and '/': versioned, so the files can be cached for good. */
  ort: `${HTTP_PATHS.agentPage}/ort/`,
});

export const CONFIG_ELEMENT_ID = 'memnas-config';
