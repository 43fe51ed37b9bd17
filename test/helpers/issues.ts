// Issues reduced to where and why (file, JSON path, rule): the tests of locations compare these,
// while the details that make an issue actionable (the entry, the value refused, what would be
// valid) have tests of their own (test/unit/shared/issue-detail.test.ts, import-preview, cli).
import type { RegistryIssue } from '../../src/shared/errors';

export function located(issues: readonly RegistryIssue[]): RegistryIssue[] {
  return issues.map(({ file, path, message }) => {
    const issue: RegistryIssue = { message };
    if (file !== undefined) issue.file = file;
    if (path !== undefined) issue.path = path;
    return issue;
  });
}
