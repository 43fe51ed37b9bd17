// Comparing documents across two servers: one document value by value (secret values compared
// by main, by hash, only when the person asks: the window gets "same" or "different" and the
// mask), or a server's documents with another's (the ones on one side only, and those that differ).
import { useState } from 'react';
import type { ApiError } from '../../../shared/contract';
import type { ComparedValue, DocumentComparison, ServerDocumentsComparison } from '../../../shared/documents';
import type { ServerConnectionInfo } from '../../../shared/servers';
import { callDocuments } from '../../bridge/documents';
import { shortChecksum } from '../../model/format';
import { ErrorAlert } from '../ErrorAlert';

const COMPARISON: Record<ComparedValue['comparison'], string> = {
  same: 'Same',
  different: 'Different',
  only_left: 'Only here',
  only_right: 'Only there',
  secret_same: 'Same (secret, compared by hash)',
  secret_different: 'Different (secret, compared by hash)',
  secret_not_compared: 'Secret: not compared',
};

function OtherServer({ from, connections, value, onChange }: { from: ServerConnectionInfo; connections: readonly ServerConnectionInfo[]; value: string; onChange: (id: string) => void }) {
  const others = connections.filter((connection) => connection.id !== from.id);
  return (
    <label>
      With
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {others.length === 0 && <option value="">No other server: add a connection first</option>}
        {others.map((connection) => (
          <option key={connection.id} value={connection.id}>
            {connection.name} ({connection.api_url})
          </option>
        ))}
      </select>
    </label>
  );
}

export function DocumentCompare({ from, id, connections }: { from: ServerConnectionInfo; id: string; connections: readonly ServerConnectionInfo[] }) {
  const [other, setOther] = useState(connections.find((connection) => connection.id !== from.id)?.id ?? '');
  const [secrets, setSecrets] = useState(false);
  const [result, setResult] = useState<{ comparison: DocumentComparison } | { error: ApiError } | null>(null);
  const [busy, setBusy] = useState(false);
  const otherName = connections.find((connection) => connection.id === other)?.name ?? 'the other server';
  async function compare() {
    setBusy(true);
    const response = await callDocuments('compareDocument', { left: from.id, right: other, id, include_secrets: secrets });
    setBusy(false);
    setResult(response.ok ? { comparison: response.value } : { error: response.error });
  }
  return (
    <section className="section" aria-labelledby="document-compare-heading">
      <h2 id="document-compare-heading">Compare with another server</h2>
      <div className="documents-controls">
        <OtherServer from={from} connections={connections} value={other} onChange={setOther} />
        <label className="documents-checkbox">
          <input type="checkbox" checked={secrets} onChange={(event) => setSecrets(event.target.checked)} /> Compare secret values too (read from both servers and compared by hash here; never shown)
        </label>
        <button type="button" className="button" disabled={other === '' || busy} onClick={() => void compare()}>
          {busy ? 'Comparing…' : 'Compare'}
        </button>
      </div>
      {result !== null && 'error' in result && <ErrorAlert error={result.error} title="Could not compare" />}
      {result !== null && 'comparison' in result && <ComparisonResult comparison={result.comparison} here={from.name} there={otherName} />}
    </section>
  );
}

function ComparisonResult({ comparison, here, there }: { comparison: DocumentComparison; here: string; there: string }) {
  if (comparison.right === null) return <p role="status">{`${there} has no block document ${comparison.address}.`}</p>;
  const notCompared = comparison.values.filter((value) => value.comparison === 'secret_not_compared').length;
  return (
    <div className="document-comparison">
      <p role="status">
        {comparison.same
          ? `The same on ${here} and ${there}${notCompared > 0 ? `, apart from ${notCompared} secret value${notCompared === 1 ? '' : 's'} not compared` : ''}.`
          : `Different on ${here} and ${there}.`}
      </p>
      <p className="muted">Schema: {comparison.same_schema ? 'the same' : `${shortChecksum(comparison.left.schema.checksum)} here, ${shortChecksum(comparison.right.schema.checksum)} there`}.</p>
      <div className="table-scroll">
        <table className="table" aria-label="Values compared">
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col">{here}</th>
              <th scope="col">{there}</th>
              <th scope="col">Comparison</th>
            </tr>
          </thead>
          <tbody>
            {comparison.values.map((value) => (
              <tr key={value.path} className={value.comparison === 'same' || value.comparison === 'secret_same' ? '' : 'document-comparison-differs'}>
                <th scope="row">
                  <code>{value.path}</code>
                </th>
                <td>
                  <code>{value.left ?? '—'}</code>
                </td>
                <td>
                  <code>{value.right ?? '—'}</code>
                </td>
                <td>{COMPARISON[value.comparison]}</td>
              </tr>
            ))}
            {comparison.references.map((reference) => (
              <tr key={`reference:${reference.field}`} className={reference.same ? '' : 'document-comparison-differs'}>
                <th scope="row">
                  <code>{reference.field}</code> (reference)
                </th>
                <td>{reference.left ?? '—'}</td>
                <td>{reference.right ?? '—'}</td>
                <td>{reference.same ? 'Same' : 'Different'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function ServerDocumentsCompare({ from, connections }: { from: ServerConnectionInfo; connections: readonly ServerConnectionInfo[] }) {
  const [other, setOther] = useState(connections.find((connection) => connection.id !== from.id)?.id ?? '');
  const [result, setResult] = useState<{ comparison: ServerDocumentsComparison } | { error: ApiError } | null>(null);
  const [busy, setBusy] = useState(false);
  const otherName = connections.find((connection) => connection.id === other)?.name ?? 'the other server';
  async function compare() {
    setBusy(true);
    const response = await callDocuments('compareServerDocuments', { left: from.id, right: other });
    setBusy(false);
    setResult(response.ok ? { comparison: response.value } : { error: response.error });
  }
  const list = (title: string, items: readonly string[]) => (
    <div>
      <h3>
        {title} ({items.length})
      </h3>
      {items.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item}>
              <code>{item}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <section className="section" aria-labelledby="documents-compare-heading">
      <h2 id="documents-compare-heading">Compare with another server</h2>
      <div className="documents-controls">
        <OtherServer from={from} connections={connections} value={other} onChange={setOther} />
        <button type="button" className="button" disabled={other === '' || busy} onClick={() => void compare()}>
          {busy ? 'Comparing…' : 'Compare'}
        </button>
      </div>
      {result !== null && 'error' in result && <ErrorAlert error={result.error} title="Could not compare" />}
      {result !== null && 'comparison' in result && (
        <div className="documents-sides" aria-label="Documents compared">
          {list(`Only on ${from.name}`, result.comparison.only_left)}
          {list(`Only on ${otherName}`, result.comparison.only_right)}
          {list(
            'On both, different',
            result.comparison.both
              .filter((both) => !both.same_schema || !both.same_values)
              .map((both) => `${both.address} (${both.same_schema ? 'values' : both.same_values ? 'schema' : 'schema, values'})`),
          )}
          <p className="muted">{result.comparison.both.filter((both) => both.same_schema && both.same_values).length} the same on both (secret values not compared).</p>
        </div>
      )}
    </section>
  );
}
