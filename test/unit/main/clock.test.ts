// Row timestamps: ISO 8601 UTC with microseconds, strictly increasing within a process.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { utcNow } from '../../../src/main/db/clock';

afterEach(() => {
  vi.useRealTimers();
});

describe('utcNow', () => {
  it('counts microseconds within one millisecond and follows the clock to the next', () => {
    vi.useFakeTimers();
    // Ahead of any time an earlier test in this process stamped (and before 2255, while microseconds stay exact in a double).
    vi.setSystemTime(Date.UTC(2200, 0, 2, 3, 4, 5, 678));
    expect([utcNow(), utcNow(), utcNow()]).toEqual(['2200-01-02T03:04:05.678000Z', '2200-01-02T03:04:05.678001Z', '2200-01-02T03:04:05.678002Z']);
    vi.setSystemTime(Date.UTC(2200, 0, 2, 3, 4, 5, 679));
    expect(utcNow()).toBe('2200-01-02T03:04:05.679000Z');
    vi.setSystemTime(Date.UTC(2200, 0, 2, 3, 4, 6, 0));
    expect(utcNow()).toBe('2200-01-02T03:04:06.000000Z');
  });

  it('never goes back when the clock does, and stays well-formed across many calls', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2201, 5, 6, 7, 8, 9, 999));
    const stamps = Array.from({ length: 1500 }, () => utcNow());
    vi.setSystemTime(Date.UTC(2201, 5, 6, 7, 8, 9, 0));
    stamps.push(utcNow());
    for (const stamp of stamps) expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    // 1,500 stamps in one frozen millisecond run on into the next ones.
    expect(stamps[1000]).toBe('2201-06-06T07:08:10.000000Z');
    for (let index = 1; index < stamps.length; index++) expect(stamps[index]! > stamps[index - 1]!).toBe(true);
  });
});
