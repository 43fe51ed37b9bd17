// Push, pull or server copy of the chosen types: the preview of what will change (a copy's is its
// own dry run), then Go, a progress bar (done / total) polled from main by the servers slice,
// Cancel, and the result of each type.
import { formatIssue } from '../../../shared/errors';
import type { ServerConnectionInfo, ServerCopyPreview, TransferJob, TransferPreview } from '../../../shared/servers';
import { serverSources, sourceLabel, transferChangeLabel, transferSummary, transferTargetLabel, type TransferRequest } from '../../model/servers';
import { connectionsOf, type TransferPhase } from '../../store/servers-slice';
import { useRegistry, useRegistryStore } from '../../store/context';
import { ErrorAlert } from '../ErrorAlert';
import { CopyPreviewDetails } from './CopyPreviewDetails';
import './TransferPanel.css';

const VERBS: Record<TransferRequest['direction'], string> = { push: 'Push', pull: 'Pull', copy: 'Copy' };

/** "Push 3 block types to Staging (…)", "Copy every block type from Staging (…) to Production (…)". */
function heading(request: TransferRequest, resumed: TransferJob | null, connections: readonly ServerConnectionInfo[]): string {
  const target = transferTargetLabel(request, resumed, connections);
  const count = `${request.slugs.length} block ${request.slugs.length === 1 ? 'type' : 'types'}`;
  if (request.direction !== 'copy') return `${VERBS[request.direction]} ${count} to ${target}`;
  const what = request.slugs.length === 0 ? 'every block type' : count;
  // A copy resumed from an earlier visit knows only its target's URL.
  return resumed === null ? `Copy ${what} from ${sourceLabel(serverSources(connections), request.from)} to ${target}` : `Copy ${what} to ${target}`;
}

/** Go, Cancel and Close, as the phase allows. */
function TransferButtons({ phase, verb }: { phase: TransferPhase; verb: string }) {
  const store = useRegistryStore();
  return (
    <div className="servers-actions">
      {phase.name === 'preview' && (
        <button type="button" className="button button-primary" onClick={() => void store.getState().runTransfer()} disabled={phase.preview.errors.length > 0}>
          {verb} now
        </button>
      )}
      {phase.name === 'running' && (
        <button type="button" className="button" onClick={() => void store.getState().cancelTransfer()}>
          Cancel
        </button>
      )}
      {phase.name !== 'running' && (
        <button type="button" className="button" onClick={() => store.getState().closeTransfer()}>
          Close
        </button>
      )}
    </div>
  );
}

/** The page's push or pull (the servers slice's `transfer`); nothing when there is none. */
export function TransferPanel() {
  const transfer = useRegistry((state) => state.transfer);
  const connections = useRegistry(connectionsOf);
  if (transfer === null) return null;
  const { request, resumed, phase } = transfer;
  const verb = VERBS[request.direction];
  return (
    <section className="servers-transfer" aria-label={`${verb} preview`}>
      <h2>{heading(request, resumed, connections)}</h2>
      {phase.name === 'previewing' && (
        <p className="muted" role="status">
          Reading what would change…
        </p>
      )}
      {phase.name === 'error' && <ErrorAlert error={phase.error} title={`Could not ${verb.toLowerCase()}`} />}
      {phase.name === 'preview' && <PreviewTable preview={phase.preview} />}
      {(phase.name === 'running' || phase.name === 'finished') && <JobProgress job={phase.job} />}
      <TransferButtons phase={phase} verb={verb} />
    </section>
  );
}

function PreviewTable({ preview }: { preview: TransferPreview | ServerCopyPreview }) {
  return (
    <>
      <p className="servers-summary">{transferSummary(preview)}</p>
      {preview.errors.length > 0 && (
        <div className="alert" role="alert">
          <ul>
            {preview.errors.map((issue, index) => (
              <li key={index}>{formatIssue(issue)}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.notes.length > 0 && (
        <ul className="servers-notes">
          {preview.notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      )}
      {preview.warnings.length > 0 && (
        <ul className="servers-warnings" aria-label="Warnings">
          {preview.warnings.map((issue, index) => (
            <li key={index}>{formatIssue(issue)}</li>
          ))}
        </ul>
      )}
      <table className="table servers-table" aria-label="Block types">
        <thead>
          <tr>
            <th scope="col">Block type</th>
            <th scope="col">Change</th>
            <th scope="col">Fields</th>
            <th scope="col" className="numeric">
              New schemas
            </th>
          </tr>
        </thead>
        <tbody>
          {preview.types.map((type) => (
            <tr key={type.slug}>
              <td>
                <code>{type.slug}</code>
              </td>
              <td>{transferChangeLabel(type)}</td>
              <td>{type.fields.join(', ')}</td>
              <td className="numeric">{type.new_schemas}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.direction === 'copy' && <CopyPreviewDetails preview={preview} />}
    </>
  );
}

function JobProgress({ job }: { job: TransferJob }) {
  const label = job.state === 'running' ? 'In progress' : job.state === 'done' ? 'Done' : job.state === 'cancelled' ? 'Cancelled' : 'Failed';
  return (
    <>
      <div className="servers-progress">
        <progress aria-label="Transfer progress" max={Math.max(job.total, 1)} value={job.done} />
        <span role="status">
          {label}: {job.done} / {job.total}
        </span>
      </div>
      {job.message !== null && <p className="servers-note">{job.message}</p>}
      {job.results.length > 0 && (
        <table className="table servers-table" aria-label="Results">
          <thead>
            <tr>
              <th scope="col">Block type</th>
              <th scope="col">Result</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {job.results.map((result) => (
              <tr key={result.slug} className={`servers-result-${result.outcome}`}>
                <td>
                  <code>{result.slug}</code>
                </td>
                <td>{result.outcome}</td>
                <td>{result.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
