// The import flow, one phase at a time:
//   idle → reading (progress) → [confirming (a .py file would run)] → previewing → preview (the dialog) → applying → done
// with `error` for files refused or unreadable and for a preview that failed. A failed apply goes
// back to `preview` with its error (nothing was written). Cancel works from every phase but
// `applying`; a cancelled run's late answers are ignored (and a late preview is forgotten in main).
import type { ApiError, ImportFile, RegistryApi } from '../../shared/contract';
import type { ImportPreview } from '../../shared/import-preview';
import { needsConfirmation, type PythonConfirmationRequest } from '../../shared/python';
import type { RegistrationReport } from '../../shared/report';
import { internalError, safeCall } from '../bridge/api';
import { FileReadError, readFiles, refuseBeforeReading, type ReadProgress } from '../bridge/read-files';
import { MAX_FILE_BYTES } from '../../shared/limits';
import { plural } from '../model/format';

export type ImportPhase =
  | { name: 'idle' }
  | { name: 'reading'; progress: ReadProgress }
  /** Main asks before running `.py` files: the person confirms (or cancels) in a dialog. */
  | { name: 'confirming'; files: ImportFile[]; request: PythonConfirmationRequest }
  /** `request_id` lets Cancel stop the Python run in main. */
  | { name: 'previewing'; count: number; request_id?: string }
  | { name: 'preview'; preview: ImportPreview; error: ApiError | null }
  | { name: 'applying'; preview: ImportPreview }
  | { name: 'done'; report: RegistrationReport }
  | { name: 'error'; error: ApiError };

export interface ImportSlice {
  importPhase: ImportPhase;
  /** The report of the last import applied (this session's, or the one main kept from before). */
  lastImport: RegistrationReport | null;
  /** Asks main for the last import's report, kept across restarts (once; an import in this session wins). */
  loadLastImport: () => Promise<void>;
  /** Reads the files and asks main for a preview; ignored while another import is busy. */
  importFiles: (files: readonly File[]) => Promise<void>;
  /** Runs the `.py` files the person was asked about, with the interpreter shown, and previews. */
  confirmPython: () => Promise<void>;
  /** Registers the previewed import (not when it has errors). */
  applyImport: () => Promise<void>;
  /** Stops the import: nothing is written. */
  cancelImport: () => Promise<void>;
  /** Hides the result of a finished or failed import. */
  dismissImport: () => void;
}

/** Phases in which a new drop is not taken. */
export function importBusy(phase: ImportPhase): boolean {
  return phase.name === 'reading' || phase.name === 'previewing' || phase.name === 'applying';
}

/** Whether the preview dialog is open. */
export function importDialogOpen(phase: ImportPhase): phase is Extract<ImportPhase, { name: 'preview' | 'applying' }> {
  return phase.name === 'preview' || phase.name === 'applying';
}

const IDLE: ImportPhase = { name: 'idle' };

type SetState = (partial: Partial<ImportSlice>) => void;
type GetState = () => ImportSlice & { refresh: () => Promise<void> };

function refusedError(files: readonly File[]): ApiError | null {
  const issues = refuseBeforeReading(files);
  if (issues.length === 0) return null;
  const oversize = issues.filter((issue) => issue.file !== undefined).length;
  const message = oversize > 0 ? `Nothing was read: ${plural(oversize, 'file is', 'files are')} over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit.` : 'Nothing was read: too many files.';
  return { code: 'invalid_input', message, issues };
}

/**
 * The files' bytes, the phase showing the progress meanwhile; null when the run was cancelled,
 * or when a file could not be read (the phase then says which and why).
 */
async function readWithProgress(files: readonly File[], set: SetState, get: GetState, current: () => boolean): Promise<ImportFile[] | null> {
  try {
    return await readFiles(
      files,
      (progress) => {
        if (!current()) return;
        const shown = get().importPhase;
        // A re-render per chunk is too many: move the bar by a percent at least.
        const small = shown.name === 'reading' && shown.progress.index === progress.index && progress.loaded < progress.size && progress.loaded - shown.progress.loaded < progress.size / 100;
        if (!small) set({ importPhase: { name: 'reading', progress } });
      },
      current,
    );
  } catch (error) {
    if (!current()) return null;
    const issues = error instanceof FileReadError ? [{ file: error.file, message: error.message }] : [];
    set({ importPhase: { name: 'error', error: issues.length > 0 ? { code: 'invalid_input', message: 'A file could not be read; nothing was imported.', issues } : internalError(error) } });
    return null;
  }
}

/** Each import run has a number; anything that answers for an older run is ignored. */
interface Runs {
  current: number;
}

interface Parts {
  api: () => RegistryApi;
  set: SetState;
  get: GetState;
  runs: Runs;
}

/** Asks main for the preview (or the question of running Python), the phase following the answer. */
async function preview({ api, set, runs }: Parts, files: ImportFile[], python: { run_python?: string[]; python_interpreter?: string; request_id?: string }, mine: number): Promise<void> {
  set({ importPhase: { name: 'previewing', count: files.length, ...(python.request_id === undefined ? {} : { request_id: python.request_id }) } });
  const response = await safeCall(() => api().previewImport({ files, ...python }));
  if (runs.current !== mine) {
    if (response.ok && !needsConfirmation(response.value)) forget(api, response.value.id);
    return;
  }
  if (!response.ok) set({ importPhase: { name: 'error', error: response.error } });
  else if (needsConfirmation(response.value)) set({ importPhase: { name: 'confirming', files, request: response.value } });
  else set({ importPhase: { name: 'preview', preview: response.value, error: null } });
}

/** Main forgets a preview nobody will apply. */
function forget(api: () => RegistryApi, preview_id: string): void {
  void safeCall(() => api().cancelImport({ preview_id }));
}

async function importFiles(parts: Parts, files: readonly File[]): Promise<void> {
  const { api, set, get, runs } = parts;
  const phase = get().importPhase;
  if (importBusy(phase) || files.length === 0) return;
  if (phase.name === 'preview') forget(api, phase.preview.id);
  const mine = ++runs.current;
  const current = (): boolean => runs.current === mine;
  const refused = refusedError(files);
  if (refused !== null) {
    set({ importPhase: { name: 'error', error: refused } });
    return;
  }
  const read = await readWithProgress(files, set, get, current);
  if (read === null || !current()) return;
  await preview(parts, read, {}, mine);
}

async function applyImport({ api, set, get, runs }: Parts): Promise<void> {
  const phase = get().importPhase;
  if (phase.name !== 'preview' || phase.preview.errors.length > 0) return;
  const mine = runs.current;
  set({ importPhase: { name: 'applying', preview: phase.preview } });
  const response = await safeCall(() => api().applyImport({ preview_id: phase.preview.id }));
  if (runs.current !== mine) return;
  if (!response.ok) {
    set({ importPhase: { name: 'preview', preview: phase.preview, error: response.error } });
    return;
  }
  // The catalogue, the banner and any page open behind the dialog show the new state first.
  await get().refresh();
  if (runs.current !== mine) return;
  set({ importPhase: { name: 'done', report: response.value }, lastImport: response.value });
}

async function cancelImport({ api, set, get, runs }: Parts): Promise<void> {
  const phase = get().importPhase;
  if (phase.name === 'applying') return;
  runs.current += 1;
  set({ importPhase: IDLE });
  if (phase.name === 'preview') await safeCall(() => api().cancelImport({ preview_id: phase.preview.id }));
  // A preview running Python: main kills the run (and everything it started).
  const requestId = phase.name === 'previewing' ? phase.request_id : undefined;
  if (requestId !== undefined) await safeCall(() => api().cancelPreviewImport({ request_id: requestId }));
}

export function createImportSlice(api: () => RegistryApi, set: SetState, get: GetState): ImportSlice {
  const parts: Parts = { api, set, get, runs: { current: 0 } };
  let lastImportAsked = false;

  return {
    importPhase: IDLE,
    lastImport: null,

    async loadLastImport() {
      if (lastImportAsked) return;
      lastImportAsked = true;
      const response = await safeCall(() => api().getLastImport());
      // Not shown is all a failure costs: the rest of the report page stands.
      if (response.ok && get().lastImport === null) set({ lastImport: response.value });
      if (!response.ok) lastImportAsked = false;
    },

    importFiles: (files) => importFiles(parts, files),

    async confirmPython() {
      const phase = get().importPhase;
      if (phase.name !== 'confirming') return;
      const mine = ++parts.runs.current;
      const { files, request } = phase;
      await preview(parts, files, { run_python: request.python_files, python_interpreter: request.interpreter.path, request_id: crypto.randomUUID() }, mine);
    },

    applyImport: () => applyImport(parts),
    cancelImport: () => cancelImport(parts),

    dismissImport() {
      const phase = get().importPhase.name;
      if (phase === 'done' || phase === 'error') set({ importPhase: IDLE });
    },
  };
}
