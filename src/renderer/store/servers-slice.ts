// The "Prefect servers" page: the connections (the Prefect profile's and the saved ones) with each
// one's last test, the connection being added or edited, a comparison of two sources (this
// registry, server A, server B) with the block types chosen in it, and the push, pull or copy
// (server A to server B) on the page: its preview, then its job, polled from main. Every network call runs in main.
// The state lasts one visit of the page: opening the page starts it afresh (as the page's own
// state did), and an answer to a call of an earlier visit, or of a transfer since closed, is ignored.
import type { ApiError, ApiResponse, RegistryApi } from '../../shared/contract';
import {
  REGISTRY_SOURCE,
  type ConnectionTest,
  type SaveConnectionArgs,
  type ServerConnectionInfo,
  type ServerConnectionList,
  type ServerCopyPreview,
  type SourceComparison,
  type TransferDirection,
  type TransferJob,
  type TransferPreview,
} from '../../shared/servers';
import { safeCall } from '../bridge/api';
import { copyPair, copySlugs, transferTarget, type ComparisonFilter, type TransferRequest } from '../model/servers';

const POLL_MS = 250;

export type ConnectionTestState = { phase: 'testing' } | { phase: 'done'; test: ConnectionTest } | { phase: 'error'; error: ApiError };

export type TransferPhase =
  | { name: 'previewing' }
  | { name: 'preview'; preview: TransferPreview | ServerCopyPreview }
  | { name: 'running'; job: TransferJob }
  | { name: 'finished'; job: TransferJob }
  | { name: 'error'; error: ApiError };

/** The push, pull or copy on the page: one asked for here, or one main was already running when the page opened. */
export interface ServersTransfer {
  /** Numbers the page's transfers: answers for one since closed are ignored. */
  id: number;
  request: TransferRequest;
  /** The job main was running when the page opened (started on an earlier visit), else null. */
  resumed: TransferJob | null;
  phase: TransferPhase;
}

interface ServersState {
  connectionList: ServerConnectionList | null;
  connectionListError: ApiError | null;
  /** Each connection's last test, by connection id. */
  connectionTests: Record<string, ConnectionTestState>;
  connectionRemoveError: ApiError | null;
  /** The form open on a connection (null: a new one); null itself while the form is closed. */
  connectionEditing: { connection: ServerConnectionInfo | null } | null;
  connectionSaving: boolean;
  connectionSaveError: ApiError | null;
  compareLeft: string;
  /** '' until there is a connection (then the first one). */
  compareRight: string;
  comparison: SourceComparison | null;
  comparing: boolean;
  compareError: ApiError | null;
  comparisonFilter: ComparisonFilter;
  comparisonSearch: string;
  /** The block types chosen for a push or pull (slugs). */
  selectedSlugs: ReadonlySet<string>;
  transfer: ServersTransfer | null;
}

export interface ServersSlice extends ServersState {
  /** Starts a visit of the page: reads the connections, and the push or pull main is running if any. */
  openServersPage: () => Promise<void>;
  /** Ends the visit: polling stops, and answers still on their way are ignored. */
  leaveServersPage: () => void;
  reloadConnections: () => Promise<void>;
  testConnection: (id: string) => Promise<void>;
  removeConnection: (id: string) => Promise<void>;
  dismissConnectionRemoveError: () => void;
  /** Opens the form on a connection (null: a new one). */
  editConnection: (connection: ServerConnectionInfo | null) => void;
  closeConnectionForm: () => void;
  /** Saves the form's connection: on success the form closes and the connections are read again. */
  saveConnection: (args: SaveConnectionArgs) => Promise<void>;
  dismissConnectionSaveError: () => void;
  setCompareLeft: (id: string) => void;
  setCompareRight: (id: string) => void;
  compare: () => Promise<void>;
  dismissCompareError: () => void;
  setComparisonFilter: (filter: ComparisonFilter) => void;
  setComparisonSearch: (search: string) => void;
  setSelectedSlugs: (slugs: ReadonlySet<string>) => void;
  /** A push or pull of the chosen types between this registry and the compared server: its preview first. */
  startTransfer: (direction: TransferDirection) => Promise<void>;
  /** A copy from the compared left server to the right one (the chosen types on the left, else all): its preview, the copy's dry run, first. */
  startCopy: () => Promise<void>;
  /** Runs the previewed push, pull or copy ("Push now"), then follows its job until it ends. */
  runTransfer: () => Promise<void>;
  cancelTransfer: () => Promise<void>;
  closeTransfer: () => void;
}

const NO_CONNECTIONS: readonly ServerConnectionInfo[] = [];

/** The connections shown (none until they are read): the same array until the list changes. */
export function connectionsOf(state: Pick<ServersState, 'connectionList'>): readonly ServerConnectionInfo[] {
  return state.connectionList?.connections ?? NO_CONNECTIONS;
}

function initialServersState(): ServersState {
  return {
    connectionList: null,
    connectionListError: null,
    connectionTests: {},
    connectionRemoveError: null,
    connectionEditing: null,
    connectionSaving: false,
    connectionSaveError: null,
    compareLeft: REGISTRY_SOURCE,
    compareRight: '',
    comparison: null,
    comparing: false,
    compareError: null,
    comparisonFilter: 'all',
    comparisonSearch: '',
    selectedSlugs: new Set(),
    transfer: null,
  };
}

type SetState = (partial: Partial<ServersState> | ((state: ServersState) => Partial<ServersState>)) => void;
type GetState = () => ServersSlice & { refresh: () => Promise<void> };

/** The visit of the page (a number that changes when it ends) and the one poll timer of a transfer's job. */
interface Visit {
  /** The current visit's number: taken before a call, compared after it. */
  current: () => number;
  begin: () => number;
  end: () => void;
  nextTransferId: () => number;
  poll: (tick: () => void) => void;
  stopPolling: () => void;
}

function createVisit(): Visit {
  let visit = 0;
  let transfers = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopPolling = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  return {
    current: () => visit,
    begin: () => {
      stopPolling();
      visit += 1;
      return visit;
    },
    end: () => {
      stopPolling();
      visit += 1;
    },
    nextTransferId: () => ++transfers,
    poll: (tick) => {
      stopPolling();
      timer = setInterval(tick, POLL_MS);
    },
    stopPolling,
  };
}

interface Parts {
  api: () => RegistryApi;
  set: SetState;
  get: GetState;
  visit: Visit;
}

type ConnectionActions = Pick<
  ServersSlice,
  'reloadConnections' | 'testConnection' | 'removeConnection' | 'dismissConnectionRemoveError' | 'editConnection' | 'closeConnectionForm' | 'saveConnection' | 'dismissConnectionSaveError'
>;

function connectionActions({ api, set, get, visit }: Parts): ConnectionActions {
  return {
    async reloadConnections() {
      const mine = visit.current();
      const response = await safeCall(() => api().listConnections());
      if (visit.current() !== mine) return;
      if (!response.ok) {
        set({ connectionListError: response.error });
        return;
      }
      // The right side defaults to the first connection once there is one.
      set(({ compareRight }) => ({ connectionListError: null, connectionList: response.value, compareRight: compareRight === '' ? (response.value.connections[0]?.id ?? '') : compareRight }));
    },
    async testConnection(id) {
      const mine = visit.current();
      set(({ connectionTests }) => ({ connectionTests: { ...connectionTests, [id]: { phase: 'testing' } } }));
      const response = await safeCall(() => api().testConnection({ id }));
      if (visit.current() !== mine) return;
      const tested: ConnectionTestState = response.ok ? { phase: 'done', test: response.value } : { phase: 'error', error: response.error };
      set(({ connectionTests }) => ({ connectionTests: { ...connectionTests, [id]: tested } }));
    },
    async removeConnection(id) {
      const mine = visit.current();
      const response = await safeCall(() => api().removeConnection({ id }));
      if (visit.current() !== mine) return;
      if (response.ok) await get().reloadConnections();
      else set({ connectionRemoveError: response.error });
    },
    dismissConnectionRemoveError: () => set({ connectionRemoveError: null }),
    editConnection: (connection) => set({ connectionEditing: { connection }, connectionSaveError: null }),
    closeConnectionForm: () => set({ connectionEditing: null, connectionSaveError: null }),
    async saveConnection(args) {
      const mine = visit.current();
      set({ connectionSaving: true });
      const response = await safeCall(() => api().saveConnection(args));
      if (visit.current() !== mine) return;
      if (!response.ok) {
        set({ connectionSaving: false, connectionSaveError: response.error });
        return;
      }
      const saved = response.value;
      set(({ compareRight }) => ({ connectionSaving: false, connectionEditing: null, connectionSaveError: null, compareRight: compareRight === '' ? saved.id : compareRight }));
      await get().reloadConnections();
    },
    dismissConnectionSaveError: () => set({ connectionSaveError: null }),
  };
}

type ComparisonActions = Pick<ServersSlice, 'setCompareLeft' | 'setCompareRight' | 'compare' | 'dismissCompareError' | 'setComparisonFilter' | 'setComparisonSearch' | 'setSelectedSlugs'>;

function comparisonActions({ api, set, get, visit }: Parts): ComparisonActions {
  return {
    setCompareLeft: (compareLeft) => set({ compareLeft }),
    setCompareRight: (compareRight) => set({ compareRight }),
    async compare() {
      const mine = visit.current();
      const { compareLeft: left, compareRight: right } = get();
      set({ comparing: true, compareError: null });
      const response = await safeCall(() => api().compareSources({ left, right }));
      if (visit.current() !== mine) return;
      set(response.ok ? { comparing: false, comparison: response.value } : { comparing: false, compareError: response.error });
    },
    dismissCompareError: () => set({ compareError: null }),
    setComparisonFilter: (comparisonFilter) => set({ comparisonFilter }),
    setComparisonSearch: (comparisonSearch) => set({ comparisonSearch }),
    setSelectedSlugs: (selectedSlugs) => set({ selectedSlugs }),
  };
}

/** Sets the phase of transfer `id` if it is still the page's; whether it was. */
function setPhase({ set, get }: Parts, id: number, phase: TransferPhase): boolean {
  const transfer = get().transfer;
  if (transfer === null || transfer.id !== id) return false;
  set({ transfer: { ...transfer, phase } });
  return true;
}

/** Polls the job of transfer `id` until it ends; then the registry (after a pull) and the comparison are read again. */
function followJob(parts: Parts, id: number, jobId: string): void {
  const { api, get, visit } = parts;
  const mine = visit.current();
  visit.poll(() => {
    void safeCall(() => api().getTransfer({ job_id: jobId })).then((response) => {
      const transfer = get().transfer;
      // Once: a poll still in flight when the job ended (or the page was left) reports nothing.
      if (visit.current() !== mine || transfer === null || transfer.id !== id || transfer.phase.name !== 'running') return;
      if (!response.ok) {
        visit.stopPolling();
        setPhase(parts, id, { name: 'error', error: response.error });
        return;
      }
      const job = response.value;
      if (job.state === 'running') {
        setPhase(parts, id, { name: 'running', job });
        return;
      }
      visit.stopPolling();
      setPhase(parts, id, { name: 'finished', job });
      if (job.direction === 'pull') void get().refresh();
      if (get().comparison !== null) void get().compare();
    });
  });
}

type TransferActions = Pick<ServersSlice, 'startTransfer' | 'startCopy' | 'runTransfer' | 'cancelTransfer' | 'closeTransfer'>;

/** The preview of a request: a push's or pull's, or the copy's own dry run. */
function previewOf(api: RegistryApi, request: TransferRequest): Promise<ApiResponse<TransferPreview | ServerCopyPreview>> {
  if (request.direction === 'copy') return safeCall(() => api.previewServerCopy({ from: request.from, to: request.to, slugs: request.slugs }));
  return safeCall(() => api.previewTransfer(request));
}

function startJobOf(api: RegistryApi, request: TransferRequest): Promise<ApiResponse<{ job_id: string }>> {
  if (request.direction === 'copy') return safeCall(() => api.startServerCopy({ from: request.from, to: request.to, slugs: request.slugs }));
  return safeCall(() => api.startTransfer(request));
}

function transferActions(parts: Parts): TransferActions {
  const { api, set, get, visit } = parts;
  /** Shows the request's preview (one at a time: main refuses a second, and the page offers none while one is shown). */
  const preview = async (request: TransferRequest): Promise<void> => {
    if (get().transfer !== null) return;
    const id = visit.nextTransferId();
    set({ transfer: { id, request, resumed: null, phase: { name: 'previewing' } } });
    const response = await previewOf(api(), request);
    setPhase(parts, id, response.ok ? { name: 'preview', preview: response.value } : { name: 'error', error: response.error });
  };
  return {
    async startTransfer(direction) {
      const { comparison, selectedSlugs } = get();
      const target = comparison === null ? null : transferTarget(comparison.left.source, comparison.right.source);
      if (target !== null) await preview({ direction, connection_id: target, slugs: [...selectedSlugs].sort() });
    },
    async startCopy() {
      const { comparison, selectedSlugs } = get();
      const pair = comparison === null ? null : copyPair(comparison.left.source, comparison.right.source);
      if (comparison === null || pair === null) return;
      const slugs = copySlugs(comparison, selectedSlugs);
      // Types chosen only on the right leave nothing to copy: that is not "all of them".
      if (selectedSlugs.size > 0 && slugs.length === 0) return;
      await preview({ direction: 'copy', ...pair, slugs });
    },
    async runTransfer() {
      const transfer = get().transfer;
      if (transfer === null || transfer.phase.name !== 'preview' || transfer.phase.preview.errors.length > 0) return;
      const { id, request } = transfer;
      const response = await startJobOf(api(), request);
      if (!response.ok) {
        setPhase(parts, id, { name: 'error', error: response.error });
        return;
      }
      const job: TransferJob = { id: response.value.job_id, direction: request.direction, api_url: '', state: 'running', done: 0, total: 0, results: [], message: null };
      if (setPhase(parts, id, { name: 'running', job })) followJob(parts, id, job.id);
    },
    async cancelTransfer() {
      const transfer = get().transfer;
      if (transfer === null || transfer.phase.name !== 'running') return;
      const jobId = transfer.phase.job.id;
      const response = await safeCall(() => api().cancelTransfer({ job_id: jobId }));
      if (!response.ok && setPhase(parts, transfer.id, { name: 'error', error: response.error })) visit.stopPolling();
    },
    closeTransfer() {
      visit.stopPolling();
      set({ transfer: null });
    },
  };
}

/** One push, pull or copy at a time (main refuses a second): one still running from an earlier visit takes the page's transfer place. */
async function resumeRunningTransfer(parts: Parts, mine: number): Promise<void> {
  const { api, set, get, visit } = parts;
  const response = await safeCall(() => api().getRunningTransfer());
  const job = response.ok ? response.value : null;
  if (visit.current() !== mine || job === null || get().transfer !== null) return;
  const id = visit.nextTransferId();
  const slugs = job.results.map((result) => result.slug);
  // Which connections it runs between is not known here: the job names its server by URL.
  const request: TransferRequest = job.direction === 'copy' ? { direction: 'copy', from: '', to: '', slugs } : { direction: job.direction, connection_id: '', slugs };
  set({ transfer: { id, request, resumed: job, phase: { name: 'running', job } } });
  followJob(parts, id, job.id);
}

export function createServersSlice(api: () => RegistryApi, set: SetState, get: GetState): ServersSlice {
  const parts: Parts = { api, set, get, visit: createVisit() };
  return {
    ...initialServersState(),
    ...connectionActions(parts),
    ...comparisonActions(parts),
    ...transferActions(parts),
    async openServersPage() {
      const mine = parts.visit.begin();
      set(initialServersState());
      await Promise.all([get().reloadConnections(), resumeRunningTransfer(parts, mine)]);
    },
    leaveServersPage: () => parts.visit.end(),
  };
}
