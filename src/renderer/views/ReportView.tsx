// What the last launch's registration did: a summary first, then per source, per block type, and
// every error. Long lists are collapsed (and virtualised when shown in full): a report of 5,000
// block types keeps a small page.
import { useEffect } from 'react';
import { formatIssue } from '../../shared/errors';
import { reportedChange, type BlockTypeChange, type BlockTypeReport, type RegistrationReport, type SourceReport } from '../../shared/report';
import { formatCount, formatDateTime, formatMs, plural } from '../model/format';
import { href } from '../model/routes';
import { useDocumentTitle } from '../hooks/use-document-title';
import { Breadcrumb } from '../components/Breadcrumb';
import { CollapsedList } from '../components/CollapsedList';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { AutoRegisterFolder } from '../components/AutoRegisterFolder';
import { TableScroll } from '../components/TableScroll';
import { countsSummary } from '../model/import-text';
import { useRegistry, useRegistryStore } from '../store/context';
import { useRegistrationReport } from '../store/hooks';
import './ReportView.css';

const STATUS_LABEL: Record<SourceReport['status'], string> = { registered: 'Registered', skipped: 'Skipped (unchanged)', failed: 'Failed' };

const CHANGE_LABEL: Record<BlockTypeChange, string> = { created: 'created', updated: 'updated', 'new-version': 'new version', unchanged: 'unchanged', failed: 'failed' };

/** What else happened to a block type besides its outcome, e.g. "changed description; 1 schema created". */
export function describeChange(report: BlockTypeReport): string {
  const parts: string[] = [];
  if (report.changed_fields.length > 0) parts.push(`changed ${report.changed_fields.join(', ')}`);
  if (report.schemas_created > 0) parts.push(`${plural(report.schemas_created, 'schema', 'schemas')} created`);
  if (report.schemas_existing > 0) parts.push(`${plural(report.schemas_existing, 'schema', 'schemas')} already registered`);
  return parts.join('; ');
}

/** A source's name, and its kind when the name does not already say it ("generated.json (folder)"). */
function SourceName({ source }: { source: SourceReport }) {
  return (
    <>
      {source.name}
      {source.kind !== source.name && <span className="muted">{` (${source.kind})`}</span>}
    </>
  );
}

/** The figures first: what the registration did in all, before any list. */
function ReportOverview({ report }: { report: RegistrationReport }) {
  const totals = report.totals;
  const blockTypes = totals.created + totals.updated + totals.new_versions + totals.unchanged + totals.failed;
  const stats: Array<[string, number, string]> = [
    ['Block types', blockTypes, ''],
    ['Created', totals.created, 'created'],
    ['Updated', totals.updated, 'updated'],
    ['New versions', totals.new_versions, 'new-version'],
    ['Unchanged', totals.unchanged, 'unchanged'],
    ['Failed', totals.failed, 'failed'],
    ['Schemas created', totals.schemas_created, ''],
    ['Sources', report.sources.length, ''],
  ];
  return (
    <section className="report-overview" aria-label="Summary">
      <dl className="report-stats">
        {stats.map(([label, value, outcome]) => (
          <div key={label} className={outcome === '' ? 'report-stat' : `report-stat report-stat-${outcome}`}>
            <dt>{label}</dt>
            <dd>{formatCount(value)}</dd>
          </div>
        ))}
      </dl>
      <p className="report-summary">{`Started ${formatDateTime(report.started_at)}, took ${formatMs(report.duration_ms)}.`}</p>
    </section>
  );
}

function SourcesTable({ report }: { report: RegistrationReport }) {
  const totals = report.totals;
  return (
    <TableScroll label="Sources" className="section">
      <table className="table report-table">
        <caption>Sources</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Created
            </th>
            <th scope="col" className="numeric">
              Updated
            </th>
            <th scope="col" className="numeric">
              New versions
            </th>
            <th scope="col" className="numeric">
              Unchanged
            </th>
            <th scope="col" className="numeric">
              Failed
            </th>
            <th scope="col" className="numeric">
              Schemas created
            </th>
            <th scope="col" className="numeric">
              Schemas existing
            </th>
            <th scope="col" className="numeric">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {report.sources.map((source) => (
            <tr key={source.name}>
              <th scope="row">
                <SourceName source={source} />
              </th>
              <td>
                <span className={`status status-${source.status}`}>{source.skipped_because !== undefined ? 'Skipped (not allowed to run)' : STATUS_LABEL[source.status]}</span>
              </td>
              <td className="numeric">{formatCount(source.counts.created)}</td>
              <td className="numeric">{formatCount(source.counts.updated)}</td>
              <td className="numeric">{formatCount(source.counts.new_versions)}</td>
              <td className="numeric">{formatCount(source.counts.unchanged)}</td>
              <td className="numeric">{formatCount(source.counts.failed)}</td>
              <td className="numeric">{formatCount(source.counts.schemas_created)}</td>
              <td className="numeric">{formatCount(source.counts.schemas_existing)}</td>
              <td className="numeric">{formatMs(source.duration_ms)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td />
            <td className="numeric">{formatCount(totals.created)}</td>
            <td className="numeric">{formatCount(totals.updated)}</td>
            <td className="numeric">{formatCount(totals.new_versions)}</td>
            <td className="numeric">{formatCount(totals.unchanged)}</td>
            <td className="numeric">{formatCount(totals.failed)}</td>
            <td className="numeric">{formatCount(totals.schemas_created)}</td>
            <td className="numeric">{formatCount(totals.schemas_existing)}</td>
            <td className="numeric">{formatMs(report.duration_ms)}</td>
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}

function ChangeItem({ type }: { type: BlockTypeReport }) {
  const change = describeChange(type);
  const outcome = reportedChange(type);
  return (
    <>
      <span className={`outcome outcome-${outcome}`}>{CHANGE_LABEL[outcome]}</span>
      {type.outcome === 'failed' ? <span>{type.name}</span> : <a href={href.blockType(type.slug)}>{type.name}</a>} <code className="slug">{type.slug}</code>
      {change !== '' && <span className="muted"> — {change}</span>}
    </>
  );
}

function ChangeList({ types, empty, label }: { types: readonly BlockTypeReport[]; empty: string; label: string }) {
  const changed = types.filter((type) => reportedChange(type) !== 'unchanged');
  if (changed.length === 0) return <p className="muted">{empty}</p>;
  return <CollapsedList items={changed} label={label} className="change-list" itemKey={(type) => type.slug} renderItem={(type) => <ChangeItem type={type} />} />;
}

function Changes({ report }: { report: RegistrationReport }) {
  return (
    <section className="section" aria-labelledby="changes-heading">
      <h2 id="changes-heading">Changes by source</h2>
      {report.sources.map((source) => (
        <section key={source.name} className="subsection" aria-label={`Changes from ${source.name}`}>
          <h3>{source.name}</h3>
          <ChangeList
            types={source.block_types}
            label={`Block types changed by ${source.name}`}
            empty={
              source.skipped_because !== undefined
                ? `Skipped, not read: ${source.skipped_because}`
                : source.status === 'skipped'
                  ? 'Skipped: unchanged since it last registered.'
                  : source.status === 'failed'
                    ? 'Nothing registered: see the errors above.'
                    : 'No block type changed.'
            }
          />
        </section>
      ))}
    </section>
  );
}

/** The import applied last, in this session or before (launch-time registration is the rest of the page). */
function LastImport({ report }: { report: RegistrationReport }) {
  return (
    <section className="section" aria-labelledby="last-import-heading">
      <h2 id="last-import-heading">Last import</h2>
      <p className="report-summary">
        {`Imported ${formatDateTime(report.started_at)} from ${report.sources.map((source) => source.name).join(', ')}, took ${formatMs(report.duration_ms)}: ${countsSummary(report.totals)}`}
      </p>
      <ChangeList types={report.sources.flatMap((source) => source.block_types)} label="Block types changed by the last import" empty="No block type changed." />
    </section>
  );
}

function Errors({ report }: { report: RegistrationReport }) {
  const failing = report.sources.filter((source) => source.errors.length > 0);
  if (failing.length === 0) return null;
  const count = failing.reduce((sum, source) => sum + source.errors.length, 0);
  return (
    <section className="section alert" role="alert" aria-labelledby="errors-heading">
      <h2 id="errors-heading">{plural(count, 'error', 'errors')}</h2>
      {failing.map((source) => (
        <div key={source.name}>
          <h3>{source.name}</h3>
          <CollapsedList items={source.errors} label={`Errors in ${source.name}`} className="alert-issues" itemKey={(_issue, index) => String(index)} renderItem={(issue) => formatIssue(issue)} />
        </div>
      ))}
    </section>
  );
}

export function ReportView() {
  const store = useRegistryStore();
  const resource = useRegistrationReport();
  const lastImport = useRegistry((state) => state.lastImport);
  useEffect(() => {
    void store.getState().loadLastImport();
  }, [store]);
  useDocumentTitle('Registration report');
  return (
    <>
      <Breadcrumb items={[{ label: 'Catalogue', href: href.catalogue() }, { label: 'Registration report' }]} />
      <h1 tabIndex={-1}>Registration report</h1>
      {lastImport !== null && <LastImport report={lastImport} />}
      <AutoRegisterFolder />
      <h2 className="report-launch-heading">At launch</h2>
      {resource.status === 'loading' && <Loading label="Loading the registration report…" />}
      {resource.status === 'error' && <ErrorAlert error={resource.error} title="Could not load the registration report" onRetry={() => void store.getState().loadReport({ force: true })} />}
      {resource.status === 'ready' && resource.value === null && <p className="muted">No registration has run yet in this session.</p>}
      {resource.status === 'ready' && resource.value !== null && (
        <>
          <ReportOverview report={resource.value} />
          <Errors report={resource.value} />
          <SourcesTable report={resource.value} />
          <Changes report={resource.value} />
        </>
      )}
    </>
  );
}
