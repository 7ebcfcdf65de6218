// The dashboard page's script (bundled by assets.ts, served as /dashboard/app.js): logs in with
// the fleet token once (the coordinator answers with an HttpOnly session cookie the script
// cannot read), then polls the state every 2 s and redraws the tables. Every value goes into the
// page through textContent, never as HTML, so a device name like <img onerror=…> stays text.
import { DASHBOARD_PATHS } from '../page-html.ts';
import type { DashboardState, DeviceRow, QueueRow, ResultRow } from '../state.ts';

/** Polling interval: the job and heartbeat timings it shows are seconds apart anyway. */
const POLL_MS = 2_000;

let csrfToken = '';
let timer: ReturnType<typeof setTimeout> | undefined;

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the dashboard page has no #${id}`);
  return el as T;
}

function cell(row: HTMLTableRowElement, text: string, className = ''): HTMLTableCellElement {
  const td = row.insertCell();
  td.textContent = text;
  if (className !== '') td.className = className;
  return td;
}

function fill<T>(tableId: string, rows: readonly T[], draw: (tr: HTMLTableRowElement, row: T) => void): void {
  const body = element<HTMLTableElement>(tableId).tBodies[0]!;
  body.replaceChildren();
  for (const r of rows) draw(body.insertRow(), r);
  if (rows.length === 0) {
    const td = cell(body.insertRow(), 'none', 'muted');
    td.colSpan = 9;
  }
}

function age(now: number, iso: string | null): string {
  if (iso === null) return '–';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120
    ? `${s} s ago`
    : s < 7200
      ? `${Math.round(s / 60)} min ago`
      : `${Math.round(s / 3600)} h ago`;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x: number): string => `${x.toFixed(3)} ms`;
const short = (sha: string): string => sha.slice(0, 12);

function drawDevice(now: number, tr: HTMLTableRowElement, d: DeviceRow): void {
  cell(tr, d.name);
  const tags = cell(tr, '');
  for (const t of d.tags) {
    const span = document.createElement('span');
    span.className = 'tag';
    span.textContent = t;
    tags.append(span);
  }
  cell(tr, d.online ? 'online' : 'offline', d.online ? 'on' : 'off');
  cell(tr, d.runtime);
  cell(tr, d.platform);
  cell(tr, age(now, d.lastSeenAt));
  cell(tr, d.calibration, 'muted');
}

function drawQueued(now: number, tr: HTMLTableRowElement, j: QueueRow): void {
  cell(tr, j.id);
  cell(tr, j.state);
  cell(tr, j.target);
  cell(tr, j.deviceName ?? '–');
  cell(tr, short(j.modelSha256));
  cell(tr, `${j.attempt} of ${j.maxAttempts}`, 'n');
  cell(tr, age(now, j.createdAt));
}

function drawResult(now: number, tr: HTMLTableRowElement, r: ResultRow): void {
  tr.dataset.job = r.id;
  cell(tr, r.id);
  cell(tr, short(r.modelSha256));
  cell(tr, r.deviceName ?? '–');
  const f = r.figures;
  if (f === null) {
    const td = cell(tr, `failed: ${r.error ?? 'no reason given'}`, 'off');
    td.colSpan = 5;
  } else {
    cell(tr, kb(f.peakMemoryBytes), 'n');
    cell(tr, `${ms(f.latencyP50Ms)} (batch ${f.latencyBatch})`, 'n');
    cell(tr, ms(f.latencyP90Ms), 'n');
    cell(tr, ms(f.loadMs), 'n');
    cell(tr, f.batches.join(', '));
  }
  cell(tr, age(now, r.finishedAt));
}

function show(loggedIn: boolean): void {
  element('login').hidden = loggedIn;
  element('board').hidden = !loggedIn;
  element('logout').hidden = !loggedIn;
}

function render(s: DashboardState): void {
  const now = Date.parse(s.now);
  if (s.csrfToken !== undefined) csrfToken = s.csrfToken;
  fill('devices', s.devices, (tr, d) => drawDevice(now, tr, d));
  fill('queue', s.queue, (tr, j) => drawQueued(now, tr, j));
  fill('results', s.results, (tr, r) => drawResult(now, tr, r));
  element('status').textContent = `updated ${new Date(now).toLocaleTimeString()}, every ${POLL_MS / 1000} s`;
}

async function poll(): Promise<void> {
  clearTimeout(timer);
  try {
    const res = await fetch(DASHBOARD_PATHS.state, { credentials: 'same-origin', cache: 'no-store' });
    if (res.status === 401) {
      show(false);
      return; // polling resumes after the next login
    }
    if (!res.ok) throw new Error(`the coordinator answered ${res.status}`);
    render((await res.json()) as DashboardState);
    show(true);
  } catch (e) {
    element('status').textContent = `not updated: ${e instanceof Error ? e.message : String(e)}`;
  }
  timer = setTimeout(() => void poll(), POLL_MS);
}

async function login(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const input = element<HTMLInputElement>('token');
  const res = await fetch(DASHBOARD_PATHS.login, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: input.value }),
  });
  input.value = '';
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    element('login-error').textContent = body.message ?? `login failed (${res.status})`;
    return;
  }
  element('login-error').textContent = '';
  csrfToken = ((await res.json()) as { csrfToken: string }).csrfToken;
  await poll();
}

async function logout(): Promise<void> {
  await fetch(DASHBOARD_PATHS.logout, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken },
  });
  clearTimeout(timer);
  csrfToken = '';
  show(false);
}

element<HTMLFormElement>('login-form').addEventListener('submit', (e) => void login(e));
element('logout').addEventListener('click', () => void logout());
void poll();
