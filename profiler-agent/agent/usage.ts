// The agent command's usage line, dependency-free so the main CLI can list it without loading the agent.
export const AGENT_USAGE =
  'memnas agent --coordinator URL | --serial /dev/ttyX [--baud 115200] [--token T] [--name NAME] [--tags a,b] [--max-model-bytes N] [--quiet]';
