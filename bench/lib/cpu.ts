/** CPU time of processes, to show where a run's CPU went on a machine with few cores. */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux everywhere in practice). */
const USER_HZ = 100;

/**
 * User + system CPU seconds a process has used so far, from /proc/<pid>/stat.
 * @example const before = processCpuSeconds(api.pid); … processCpuSeconds(api.pid) - before
 */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) in parentheses; utime and stime
  // are fields 14 and 15, i.e. the 12th and 13th after the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

/** This process's own CPU seconds (user + system), e.g. autocannon's. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
