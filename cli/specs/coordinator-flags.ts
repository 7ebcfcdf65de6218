// The two flags every command that reaches a device through the coordinator takes, declared once.
export const COORDINATOR_FLAGS = {
  coordinator: {
    type: 'string',
    value: 'URL',
    env: 'MEMNAS_COORDINATOR',
    help: 'the device coordinator (needed for any device but local)',
  },
  token: { type: 'string', value: 'T', env: 'MEMNAS_TOKEN', help: "the coordinator's fleet token" },
} as const;
