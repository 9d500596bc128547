"""host_user.py - run the user-mode test programs natively on the host.

Every tests/user/X.c is built (tests/user/user.mk) into BUILD/user/X, a
static musl binary that faultline runs too. Running the same binary on the
host Linux first proves that the test encodes Linux's semantics, not
faultline's bugs. tests/run.py calls:

    from host_user import run_host_user_tests
    for name, status, details in run_host_user_tests('build'):
        ...   # name 'host:X'; status 'ok' | 'fail' | 'skip'

The programs' contract (tests/user/check.h): exit 0 = pass; exit 77 = skip,
with "SKIP: <reason>" as the first line printed; anything else = fail, with
"FAIL: <file>:<line>: ..." lines saying what broke.

Each program runs with a time limit and resource limits (so nothing a
broken test does can harm the host): address space 1 GiB, CPU 10 s, no
core dumps, and a process limit. The limits are set by a small Python shim
that execs the program (not by a preexec_fn, which is unsafe while other
threads run, as tests/run.py's boot threads do). Linux does not apply
RLIMIT_NPROC to root, so when the runner is root each program runs as the
unprivileged user 'nobody' (if the binary is reachable by it), where the
limit holds; the programs need no privilege (they skip the few checks that
would, e.g. comparing frame numbers from /proc/self/pagemap). Every
program gets its own session and process group, which is killed when it
ends, so no child it left behind outlives it.

Run directly for a quick look: python3 tests/host_user.py [BUILD]
"""
import os
import pwd
import resource
import signal
import subprocess
import sys
from typing import List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, 'user')

EXIT_SKIP = 77
TIMEOUT_S = 10            # wall clock per program (each takes < 1 s)
CPU_S = 10                # RLIMIT_CPU
ADDRESS_SPACE = 1 << 30   # RLIMIT_AS: 1 GiB
NPROC = 256               # processes a program may add (RLIMIT_NPROC)
MAX_OUTPUT = 64 * 1024    # bytes of output kept per program
MAX_DETAIL_LINES = 40

Result = Tuple[str, str, List[str]]


def test_programs() -> List[str]:
    """Names of the test programs: one per tests/user/*.c."""
    return sorted(f[:-2] for f in os.listdir(SOURCES) if f.endswith('.c'))


def _reachable_by_others(path: str) -> bool:
    """Can a user with no special rights execute path (o+x all the way)?"""
    path = os.path.abspath(path)
    if os.stat(path).st_mode & 0o005 != 0o005:
        return False
    d = os.path.dirname(path)
    while True:
        if os.stat(d).st_mode & 0o001 == 0:
            return False
        parent = os.path.dirname(d)
        if parent == d:
            return True
        d = parent


def _unprivileged_ids() -> Optional[Tuple[int, int]]:
    try:
        pw = pwd.getpwnam('nobody')
    except KeyError:
        return None
    return pw.pw_uid, pw.pw_gid


# Runs as: python3 -S -c SHIM AS CPU NPROC UID GID PROGRAM ARGS...
# Sets the limits on itself, drops to UID/GID unless UID is -1, then
# becomes the program (limits and identity survive exec).
LIMITS_SHIM = """
import os, resource, sys
a, cpu, nproc, uid, gid = (int(x) for x in sys.argv[1:6])
resource.setrlimit(resource.RLIMIT_AS, (a, a))
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
if uid != -1:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
os.execv(sys.argv[6], sys.argv[6:])
"""


def _processes_of(uid: int) -> int:
    """How many processes uid has now (RLIMIT_NPROC counts them all)."""
    count = 0
    for pid in os.listdir('/proc'):
        if pid.isdigit():
            try:
                if os.stat(f'/proc/{pid}').st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


def _limited(argv: List[str], ids: Tuple[int, int]) -> List[str]:
    # The limit counts every process of the user the program runs as, so
    # it is NPROC more than that user has now.
    uid = ids[0] if ids[0] != -1 else os.getuid()
    nproc = NPROC + _processes_of(uid)
    return [sys.executable, '-S', '-c', LIMITS_SHIM, str(ADDRESS_SPACE),
            str(CPU_S), str(nproc), str(ids[0]), str(ids[1])] + argv


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _describe_exit(code: Optional[int]) -> str:
    if code is None:
        return 'did not finish'
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f'signal {-code}'
        return f'killed by {name}'
    return f'exit status {code}'


def run_one(path: str, timeout: int = TIMEOUT_S,
            args: Optional[List[str]] = None) -> Tuple[str, List[str]]:
    """Run one test program; return (status, details)."""
    name = os.path.basename(path)
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        return 'fail', [f'{path} was not built (make user-tests)']
    ids = (-1, -1)
    if os.geteuid() == 0 and _reachable_by_others(path):
        ids = _unprivileged_ids() or ids
    proc = subprocess.Popen(
        _limited([path] + (args or []), ids), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        cwd=os.path.dirname(path), env={'PATH': '/usr/bin:/bin'},
        start_new_session=True)
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        code = proc.poll()      # None: the program itself still runs
        _kill_group(proc.pid)
        out, _ = proc.communicate()
        if code is not None:
            proc.returncode = code
    _kill_group(proc.pid)   # anything the program left running
    text = out[:MAX_OUTPUT].decode('utf-8', 'replace')
    lines = [l for l in text.splitlines() if l.strip()]
    fails = [l for l in lines if l.startswith('FAIL')]
    code = proc.returncode

    if timed_out and code is not None:
        return 'fail', [f'{name}: ended ({_describe_exit(code)}) but left '
                        f'processes holding its output for {timeout} s; '
                        'killed them'] + lines[-MAX_DETAIL_LINES:]
    if timed_out:
        return 'fail', [f'{name}: no exit within {timeout} s; killed'] + \
            lines[-MAX_DETAIL_LINES:]
    if code == 0 and not fails:
        return 'ok', []
    if code == EXIT_SKIP and lines and lines[0].startswith('SKIP: ') \
            and not fails:
        return 'skip', [lines[0][len('SKIP: '):]]
    why = _describe_exit(code)
    if code == 0:
        why = 'exit status 0 but FAIL lines were printed'
    elif code == EXIT_SKIP:
        why = 'exit status 77 (skip) without a first line "SKIP: <reason>"'\
            if not fails else 'exit status 77 (skip) after FAIL lines'
    return 'fail', [f'{name}: {why}'] + (fails or lines)[:MAX_DETAIL_LINES]


def run_host_user_tests(build_dir: str) -> List[Result]:
    """Run every BUILD/user/X natively; one (name, status, details) each.

    name is 'host:X'; status is 'ok', 'fail' or 'skip'; details are the
    failure lines (or why it did not run) for 'fail', the reason for
    'skip', and empty for 'ok'.
    """
    results = []
    for prog in test_programs():
        status, details = run_one(os.path.join(build_dir, 'user', prog))
        results.append((f'host:{prog}', status, details))
    return results


def main() -> int:
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    failed = 0
    for name, status, details in run_host_user_tests(build):
        print(f'{status:4} {name}')
        for d in details:
            print(f'     {d}')
        failed += status == 'fail'
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
