// The agent command's usage line, dependency-free so the main CLI can list it without loading the agent.
// The token comes from MEMNAS_TOKEN or --token-file (--token still works but shows in ps).
export const AGENT_USAGE =
  'memnas agent --coordinator URL | --serial /dev/ttyX [--baud 115200] [--token-file PATH] [--name NAME] [--tags a,b] [--max-model-bytes N] [--emulated] [--quiet]';
