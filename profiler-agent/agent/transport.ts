// The contract between the agent's pull loop and the line to its coordinator: HTTP now
// (http-transport.ts), a framed serial line later. The loop never sees a URL or a frame, only
// protocol messages and the few ways a delivery can fail.
import type {
  ErrorMessage,
  HeartbeatMessage,
  IdleMessage,
  JobMessage,
  RegisteredMessage,
  RegisterMessage,
  ResultMessage,
} from '../protocol.ts';
import { CodedError } from '../coded-error.ts';
import type { AckMessage } from '../protocol-http.ts';

/**
 * How a call failed, which decides what the loop does next:
 * - unreachable: no answer, a timeout, a 5xx or an unreadable reply — wait and try again;
 * - unauthorized: the coordinator refused the token — stop, the user must fix it;
 * - unknown-device: the coordinator does not know this device (its database was reset) — register again;
 * - refused: a report for a job or attempt that no longer exists or no longer holds the job — drop it;
 * - rejected: the coordinator found the message itself invalid — sending it again will not help;
 * - forbidden: the token is not this device's (another agent holds the name) — stop;
 * - name-taken: another agent is online under this name — stop, the user picks another --name.
 */
export type TransportFailure =
  'unreachable' | 'unauthorized' | 'unknown-device' | 'refused' | 'rejected' | 'forbidden' | 'name-taken';

/** The code each failure prints under (the coordinator's own codes where they mean the same). */
export const TRANSPORT_CODES = {
  unreachable: 'COORDINATOR_UNREACHABLE',
  unauthorized: 'AUTH_FAILED',
  'unknown-device': 'DEVICE_UNKNOWN',
  refused: 'REPORT_REFUSED',
  rejected: 'MESSAGE_REJECTED',
  forbidden: 'FORBIDDEN',
  'name-taken': 'DEVICE_NAME_TAKEN',
} as const satisfies Record<TransportFailure, string>;

export type TransportErrorCode = (typeof TRANSPORT_CODES)[TransportFailure];

export class TransportError extends CodedError<TransportErrorCode> {
  readonly kind: TransportFailure;

  constructor(kind: TransportFailure, message: string, options?: { cause?: unknown }) {
    super(TRANSPORT_CODES[kind], message, options);
    this.name = 'TransportError';
    this.kind = kind;
  }
}

export function isTransportError(e: unknown, kind?: TransportFailure): e is TransportError {
  return e instanceof TransportError && (kind === undefined || e.kind === kind);
}

export interface AgentTransport {
  /** The coordinator as log lines name it ('http://10.0.0.2:7117', '/dev/ttyUSB0'). */
  readonly peer: string;
  register(msg: RegisterMessage): Promise<RegisteredMessage>;
  /** Resolves to the acknowledgement: `stop` when the job it names is no longer this device's. */
  heartbeat(msg: HeartbeatMessage): Promise<AckMessage>;
  /** Asks for work: a job, or how long to wait before asking again. */
  poll(deviceName: string): Promise<JobMessage | IdleMessage>;
  /** The bytes behind a job's model URL (inline models never reach the transport). */
  fetchModel(url: string): Promise<Uint8Array>;
  /** Resolves once the coordinator has recorded the report (or had recorded it before). */
  report(msg: ResultMessage | ErrorMessage): Promise<void>;
  close(): Promise<void>;
}
