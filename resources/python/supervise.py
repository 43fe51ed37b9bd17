"""Block Registry's supervisor of a Python run (Linux): nothing the run starts outlives it.

Run by the app (src/main/python/supervisor.ts), with the standard library only (`-I -S`):

    python -I -S supervise.py PARENT_PID PYTHON [ARGS...]

It runs `PYTHON ARGS...` (the interpreter the person chose, with the extraction script, which loads
the user's file) as its child: the very command chosen, so that a wrapper script runs as it would
without the supervisor. When that child exits, or when it is told to stop (SIGTERM, SIGINT, SIGHUP, or the app
that started it dying), it kills every process the child started, then exits as the child did.

Why a child subreaper (prctl PR_SET_CHILD_SUBREAPER), rather than the alternatives:
- a process group (what the app did alone before) misses a child that leaves it: `setsid()`,
  `subprocess.Popen(..., start_new_session=True)`, a daemon's double fork;
- walking /proc for the descendants of the child loses a process as soon as its parent exits: it
  is reparented to init and is nobody's descendant any more (the double fork does exactly that);
- cgroups would hold the whole tree, but creating one needs a delegated, writable cgroup tree,
  which a desktop session or a container often does not give.
A subreaper becomes the parent of every orphan among its descendants, so the tree can never be
left: at the end its own children are all that remains to find (/proc/PID/stat's parent field),
and killing a child makes that child's children its own. Children are killed and waited for
(only then is a pid free for reuse), so a pid read from /proc always names the process meant.
Its limit: code that kills this supervisor itself (its parent, from the child's side) escapes it;
the app's own kill of the process group then takes what stayed in the group.

Signals are blocked and taken with sigwaitinfo, not handled asynchronously: a stop request can
never interrupt the cleanup half way. The child starts with no signal blocked.
"""

import os
import signal
import sys

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def prctl(option, value):
    """Linux's prctl; False when it cannot be called (no ctypes, no libc, refused)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (ImportError, OSError, AttributeError):
        return False


def children_of(parent):
    """The pids of `parent`'s children, zombies included, from /proc/PID/stat."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as stat:
                data = stat.read()
        except OSError:
            continue  # gone meanwhile
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so from the last ')'.
        fields = data[data.rfind(b")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == parent:
            found.append(int(name))
    return found


def kill_descendants():
    """Kills and reaps every child until none is left; a child's orphans become ours as it dies."""
    me = os.getpid()
    while True:
        try:
            children = children_of(me)
        except OSError:
            children = []  # no /proc: what we cannot see is left to the app's process-group kill
        if not children:
            break
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        # Waited for one by one: when waitpid returns, the kernel has already given us its children.
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    # Anything reaped above without being asked for (it was already a zombie): nothing stays pending.
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def exit_as(status):
    """Ends this process as the child ended: its exit code, or the signal that killed it."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        signal.signal(number, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [number])
        os.kill(os.getpid(), number)
        os._exit(128 + number)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit():
        sys.stderr.write("usage: supervise.py PARENT_PID PYTHON [ARGS...]\n")
        return 2
    parent = int(argv[1])
    command = argv[2:]
    if not prctl(PR_SET_CHILD_SUBREAPER, 1):
        # An old kernel or a sandbox that refuses it: the app's process-group kill is all there is.
        os.execvp(command[0], command)
    watched = (signal.SIGCHLD,) + STOP_SIGNALS
    # A SIGCHLD with its default action may be dropped rather than queued: a handler keeps it.
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.pthread_sigmask(signal.SIG_BLOCK, watched)
    # The app dying (even killed outright) stops the run: it would otherwise outlive it.
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        return 1  # the app was gone before the line above could take effect
    try:
        child = os.posix_spawnp(command[0], command, os.environ, setsigmask=(), setsigdef=watched)
    except OSError as error:
        sys.stderr.write("cannot start %s: %s\n" % (command[0], error))
        return 127
    while True:
        info = signal.sigwaitinfo(watched)
        if info.si_signo != signal.SIGCHLD:
            kill_descendants()
            return 128 + info.si_signo
        # Orphans of the run that end are reaped here too; the run is over when the child is.
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid = 0
            if pid == 0:
                break
            if pid == child:
                kill_descendants()
                exit_as(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
