// Push or pull of the chosen types: the preview of what will change, then Go, a progress bar
// (done / total) polled from main, Cancel, and the result of each type.
import { useEffect, useState } from 'react';
import type { ApiError } from '../../../shared/contract';
import { formatIssue } from '../../../shared/errors';
import type { TransferArgs, TransferJob, TransferPreview } from '../../../shared/servers';
import { callServers } from '../../bridge/servers-api';
import { ErrorAlert } from '../ErrorAlert';

const POLL_MS = 250;

interface Props {
  request: TransferArgs;
  /** A job already running in main (started before this page was opened): shown from its progress on. */
  resumed?: TransferJob;
  /** The target's label, e.g. "Staging (http://…/api)" or "this registry". */
  target: string;
  onFinished: (job: TransferJob) => void;
  onClose: () => void;
}

type Phase =
  { name: 'previewing' } | { name: 'preview'; preview: TransferPreview } | { name: 'running'; job: TransferJob } | { name: 'finished'; job: TransferJob } | { name: 'error'; error: ApiError };

export function TransferPanel({ request, resumed, target, onFinished, onClose }: Props) {
  const [phase, setPhase] = useState<Phase>(resumed === undefined ? { name: 'previewing' } : { name: 'running', job: resumed });
  const verb = request.direction === 'push' ? 'Push' : 'Pull';

  useEffect(() => {
    if (resumed !== undefined) return;
    let live = true;
    void callServers('previewTransfer', request).then((response) => {
      if (live) setPhase(response.ok ? { name: 'preview', preview: response.value } : { name: 'error', error: response.error });
    });
    return () => {
      live = false;
    };
  }, [request, resumed]);

  const jobId = phase.name === 'running' ? phase.job.id : null;
  useEffect(() => {
    if (jobId === null) return;
    let live = true;
    const timer = setInterval(() => {
      void callServers('getTransfer', { job_id: jobId }).then((response) => {
        if (!live) return;
        if (!response.ok) {
          setPhase({ name: 'error', error: response.error });
          return;
        }
        const job = response.value;
        if (job.state === 'running') {
          setPhase({ name: 'running', job });
          return;
        }
        // Once: a poll still in flight must not report the end again.
        live = false;
        clearInterval(timer);
        setPhase({ name: 'finished', job });
        onFinished(job);
      });
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [jobId, onFinished]);

  async function go() {
    const response = await callServers('startTransfer', request);
    if (!response.ok) {
      setPhase({ name: 'error', error: response.error });
      return;
    }
    setPhase({ name: 'running', job: { id: response.value.job_id, direction: request.direction, api_url: '', state: 'running', done: 0, total: 0, results: [], message: null } });
  }

  async function cancel(id: string) {
    const response = await callServers('cancelTransfer', { job_id: id });
    if (!response.ok) setPhase({ name: 'error', error: response.error });
  }

  return (
    <section className="servers-transfer" aria-label={`${verb} preview`}>
      <h2>
        {verb} {request.slugs.length} block {request.slugs.length === 1 ? 'type' : 'types'} to {target}
      </h2>
      {phase.name === 'previewing' && (
        <p className="muted" role="status">
          Reading what would change…
        </p>
      )}
      {phase.name === 'error' && <ErrorAlert error={phase.error} title={`Could not ${verb.toLowerCase()}`} />}
      {phase.name === 'preview' && <PreviewTable preview={phase.preview} />}
      {(phase.name === 'running' || phase.name === 'finished') && <JobProgress job={phase.job} />}
      <div className="servers-actions">
        {phase.name === 'preview' && (
          <button type="button" className="button button-primary" onClick={() => void go()} disabled={phase.preview.errors.length > 0}>
            {verb} now
          </button>
        )}
        {phase.name === 'running' && (
          <button type="button" className="button" onClick={() => void cancel(phase.job.id)}>
            Cancel
          </button>
        )}
        {phase.name !== 'running' && (
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        )}
      </div>
    </section>
  );
}

function PreviewTable({ preview }: { preview: TransferPreview }) {
  const { counts } = preview;
  return (
    <>
      <p className="servers-summary">
        {counts.new} new, {counts.update} updated, {counts.unchanged} unchanged
        {counts.protected > 0 ? `, ${counts.protected} protected (left alone)` : ''}; {counts.new_schemas} new schemas
      </p>
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
        <ul className="servers-warnings">
          {preview.warnings.map((issue, index) => (
            <li key={index}>{formatIssue(issue)}</li>
          ))}
        </ul>
      )}
      <table className="table servers-table">
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
              <td>{type.change}</td>
              <td>{type.fields.join(', ')}</td>
              <td className="numeric">{type.new_schemas}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
