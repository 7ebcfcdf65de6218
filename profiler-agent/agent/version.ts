// The agent's version as it registers; kept equal to profiler-agent/package.json by a test.
export const AGENT_VERSION = '0.1.0';
