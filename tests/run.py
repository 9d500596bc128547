#!/usr/bin/env python3
"""run.py - everything `make test` runs, ending in one summary line.

    python3 tests/run.py --build build --qemu "qemu-system-x86_64 ..."

1. The runner's own tests on canned logs (tests/runner_selftest.py).
2. Every boot in tests/boots.py: build an ISO with that boot's command
   line, boot QEMU headless under a time limit with the serial console on a
   pipe, save the whole log to BUILD/logs/<boot>.log, parse its KTAP
   (tests/ktap.py) and judge how the run ended (clean power-off, panic,
   reset/triple fault, hang).
3. GDB attaches to the kernel in batch mode and stops at kmain.
4. Every user-mode test program runs natively on this Linux host
   (tests/host_user.py): it must pass here too, proving the test encodes
   Linux's semantics ('host:' results).

Prints each failure with its diagnostics, then exactly one final line
"N passed, N failed, N skipped"; exits 1 if anything failed.
"""
import argparse
import concurrent.futures
import hashlib
import os
import shlex
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import boots  # noqa: E402
import host_user  # noqa: E402
import ktap  # noqa: E402
sys.path.insert(0, os.path.join(HERE, 'gdb'))
import run_walkthrough  # noqa: E402
import test_decode  # noqa: E402

# QEMU exit statuses (drivers/debug_exit.h): the guest writes v to the
# isa-debug-exit port and QEMU exits (v << 1) | 1.
STATUS_CLEAN = 1          # DEBUG_EXIT_OK
STATUS_PANIC = 255        # DEBUG_EXIT_PANIC
STATUS_RESET = 0          # no guest can produce 0: -no-reboot reset
STATUS_INIT_KILLED = 2 * 0x7e + 1   # DEBUG_EXIT_INIT_SIGNAL
# QEMU itself also exits 1 when it cannot start, so a clean end needs the
# kernel's last words too (kernel/main.c, kernel_power_off()).
POWER_OFF_LINE = 'faultline: power-off'


@dataclass
class Outcome:
    """One counted result: 'ok', 'fail' or 'skip'."""
    name: str
    status: str
    details: List[str] = field(default_factory=list)


@dataclass
class Run:
    """What one QEMU boot did."""
    status: Optional[int]     # QEMU exit status, None if killed (hang)
    seconds: float
    first_ktap: Optional[float]
    log: str
    stderr: str


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True,
                          cwd=ROOT, **kw)


def build_iso(build: str, boot: boots.Boot, cmdline: str) -> str:
    """An ISO booting build/kernel.elf with cmdline; rebuilt on change."""
    kernel = os.path.join(build, 'kernel.elf')
    initramfs = os.path.join(build, 'initramfs.cpio')
    isodir = os.path.join(build, 'iso')
    os.makedirs(isodir, exist_ok=True)
    iso = os.path.join(isodir, boot.name + '.iso')
    key = hashlib.sha256(cmdline.encode())
    for path in (kernel, initramfs):
        with open(path, 'rb') as f:
            key.update(f.read())
    key = key.hexdigest()
    stamp = iso + '.key'
    if os.path.exists(iso) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read() == key:
                return iso
    sh([os.path.join(ROOT, 'scripts', 'mkiso.sh'), kernel, iso, cmdline,
        initramfs])
    with open(stamp, 'w') as f:
        f.write(key)
    return iso


def build_disks(build: str, boot: boots.Boot) -> List[str]:
    paths = []
    for image, builder in boot.disks:
        if builder is None:
            path = os.path.join(build, image)
        else:
            os.makedirs(os.path.join(build, 'images'), exist_ok=True)
            path = os.path.join(build, 'images', image)
            sh(builder.format(out=shlex.quote(path)))
        paths.append(path)
    return paths


def boot_qemu(cmd: List[str], timeout: int, logpath: str) -> Run:
    """Run QEMU, collecting serial output from its stdout with times."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT)
    lines: List[str] = []
    first_ktap: List[float] = []
    err: List[bytes] = []

    def read_out():
        for raw in proc.stdout:
            line = raw.decode('utf-8', 'replace').replace('\r', '')
            if not first_ktap and line.startswith('KTAP version 1'):
                first_ktap.append(time.monotonic() - start)
            lines.append(line)

    def read_err():
        err.append(proc.stderr.read())

    readers = [threading.Thread(target=read_out),
               threading.Thread(target=read_err)]
    for r in readers:
        r.start()
    try:
        status = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        status = None
    for r in readers:
        r.join()
    log = ''.join(lines)
    with open(logpath, 'w') as f:
        f.write(log)
    return Run(status, time.monotonic() - start,
               first_ktap[0] if first_ktap else None, log,
               b''.join(err).decode('utf-8', 'replace'))


def how_it_ended(run: Run, timeout: int) -> str:
    if run.status is None:
        return 'hang'
    if run.status == STATUS_CLEAN:
        return 'clean' if POWER_OFF_LINE in run.log else 'qemu-error'
    if run.status == STATUS_INIT_KILLED:
        return 'init killed by a signal'
    if run.status % 2 == 1 and POWER_OFF_LINE in run.log:
        # init exited with n = its failed tests; KTAP names them
        return 'clean'
    if run.status == STATUS_PANIC:
        return 'panic'
    if run.status == STATUS_RESET:
        return 'reset'
    return f'exit status {run.status}'


def describe_end(end: str, run: Run, timeout: int, logpath: str) -> List[str]:
    """Lines that name why a run did not end cleanly."""
    tail = [l for l in run.log.splitlines() if l.strip()][-12:]
    why = {
        'hang': f'no power-off within {timeout} s (hang); killed',
        'panic': 'kernel panic',
        'reset': 'the machine reset (triple fault or reboot)',
        'qemu-error': 'QEMU exited 1 without the kernel powering off '
                      '(QEMU failed to start?)',
    }.get(end, f'QEMU ended with {end}')
    panics = [l for l in run.log.splitlines() if 'Kernel panic' in l]
    out = [why] + panics[:1]
    out.append(f'last lines of {logpath}:')
    out += ['    ' + l for l in tail]
    if run.stderr.strip():
        out.append('qemu stderr: ' + run.stderr.strip().splitlines()[-1])
    return out


def judge_ktap(boot: boots.Boot, run: Run, end: str, logpath: str,
               timeout: int) -> List[Outcome]:
    report = ktap.parse(run.log)
    results = []
    if boot.outcomes:
        got = {t.full_name: t for t in report.tests}
        for name, want in boot.outcomes.items():
            t = got.get(name)
            status = t.status if t else 'missing'
            ok = status == want
            results.append(Outcome(
                f'{boot.name}:{name} is reported {want}',
                'ok' if ok else 'fail',
                [] if ok else [f'reported {status}, expected {want}']))
    else:
        for t in report.tests:
            details = list(t.diagnostics)
            if t.status == 'skip' and t.reason:
                details = [t.reason]
            results.append(Outcome(f'{boot.name}:{t.full_name}', t.status,
                                   details if t.status == 'fail' else []))
    if report.errors:
        results.append(Outcome(f'{boot.name}:ktap_output_is_well_formed',
                               'fail', list(report.errors)))
    if end != 'clean':
        results.append(Outcome(f'{boot.name}:boot_ends_with_power_off',
                               'fail', describe_end(end, run, timeout,
                                                    logpath)))
    elif not report.tests:
        results.append(Outcome(f'{boot.name}:ran_tests', 'fail',
                               ['no test results in the log']))
    return results


def judge_init_exit(boot: boots.Boot, run: Run, end: str, logpath: str,
                    timeout: int) -> List[Outcome]:
    """A program run as init= passed: it exited 0 and the kernel powered
    off cleanly (QEMU status 1 with the power-off line)."""
    ok = end == 'clean' and run.status == STATUS_CLEAN
    details = [] if ok else describe_end(end, run, timeout, logpath)
    return [Outcome(f'{boot.name}:init_program_exits_0',
                    'ok' if ok else 'fail', details)]


def judge_crash(boot: boots.Boot, run: Run, end: str, logpath: str,
                timeout: int) -> List[Outcome]:
    ok = end == boot.expect
    details = [] if ok else [f'expected the run to end in {boot.expect}, '
                             f'it ended in {end}'] + describe_end(
                                 end, run, timeout, logpath)
    return [Outcome(f'{boot.name}:runner_detects_{boot.expect}',
                    'ok' if ok else 'fail', details)]


def run_boot(args, boot: boots.Boot) -> List[Outcome]:
    cmdline = boot.cmdline
    if args.cmdline and boot.expect == 'ktap' and not boot.outcomes:
        cmdline = (cmdline + ' ' + args.cmdline).strip()
    iso = build_iso(args.build, boot, cmdline)
    cmd = shlex.split(args.qemu) + ['-cdrom', iso, '-serial', 'stdio']
    for index, disk in enumerate(build_disks(args.build, boot)):
        # snapshot=on: writes go to a private overlay, so boots can run in
        # parallel and every boot starts from the pristine image.
        cmd += ['-drive', f'file={disk},format=raw,if=ide,index={index},'
                'snapshot=on']
    logdir = os.path.join(args.build, 'logs')
    os.makedirs(logdir, exist_ok=True)
    logpath = os.path.join(logdir, boot.name + '.log')
    run = boot_qemu(cmd, boot.timeout, logpath)
    end = how_it_ended(run, boot.timeout)
    judge = {'ktap': judge_ktap, 'init-exit-0': judge_init_exit}.get(
        boot.expect, judge_crash)
    results = judge(boot, run, end, logpath, boot.timeout)
    for text in boot.must_print:
        found = text in run.log
        results.append(Outcome(f'{boot.name}:prints "{text}"',
                               'ok' if found else 'fail',
                               [] if found else [f'not in {logpath}']))
    first = f', first KTAP line at {run.first_ktap:.1f} s' \
        if run.first_ktap is not None else ''
    print(f'boot {boot.name}: ended {end} after {run.seconds:.1f} s{first}',
          flush=True)
    return results


def runner_selftest() -> List[Outcome]:
    """The KTAP parser's own tests on canned logs, as 'runner:' results."""
    proc = subprocess.run([sys.executable,
                           os.path.join(HERE, 'runner_selftest.py')],
                          capture_output=True, text=True, cwd=ROOT)
    report = ktap.parse(proc.stdout)
    results = [Outcome('runner:' + t.full_name, t.status, t.diagnostics)
               for t in report.tests]
    if report.errors or not results:
        results.append(Outcome('runner:selftest_output', 'fail',
                               report.errors + proc.stderr.splitlines()))
    return results


def gdb_check(args) -> List[Outcome]:
    """GDB (QEMU as its child, no ports) stops at kmain and reads rip."""
    kernel = os.path.join(args.build, 'kernel.elf')
    iso = build_iso(args.build, boots.Boot('gdb', cmdline='ktest=none'),
                    'ktest=none')
    qemu = f'{args.qemu} -cdrom {iso} -S -gdb stdio -serial null'
    cmd = ['gdb', '-batch', '-nx', '-ex', f'file {kernel}',
           '-ex', f'target remote | exec {qemu}',
           '-ex', 'hbreak kmain', '-ex', 'continue',
           '-ex', 'printf "rip-is-kmain=%d\\n", $rip == (long)&kmain',
           '-ex', 'kill']
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              timeout=60, cwd=ROOT)
        out = proc.stdout + proc.stderr
    except subprocess.TimeoutExpired:
        out = 'gdb did not finish within 60 s'
    ok = 'rip-is-kmain=1' in out
    return [Outcome('gdb:attaches_and_stops_at_kmain', 'ok' if ok else 'fail',
                    [] if ok else out.strip().splitlines()[-15:])]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--build', default='build')
    ap.add_argument('--qemu', required=True,
                    help='QEMU command and machine options (from make)')
    ap.add_argument('--cmdline', default='',
                    help='appended to the command line of ordinary boots')
    ap.add_argument('--only', default='',
                    help='comma-separated boot names to run (default: all)')
    args = ap.parse_args()

    selected = [b for b in boots.BOOTS
                if not args.only or b.name in args.only.split(',')]
    results = runner_selftest()
    results += [Outcome(*r) for r in test_decode.run_decode_tests()]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for outcome in pool.map(lambda b: run_boot(args, b), selected):
            results += outcome
    if not args.only:
        results += gdb_check(args)
        # GDB steps through do_swap_page in the seed demo and checks the
        # PTEs its helpers decode (tests/gdb/run_walkthrough.py).
        results += [Outcome(*r) for r in run_walkthrough.run_walkthrough(
            args.build, args.qemu)]
        # The same user-mode test binaries, natively on this Linux: the
        # oracle for what faultline's answers must be.
        results += [Outcome(name, status, details) for name, status, details
                    in host_user.run_host_user_tests(args.build)]

    for r in results:
        if r.status == 'fail':
            print(f'FAIL {r.name}')
            for d in r.details:
                print(f'    {d}')
    passed = sum(r.status == 'ok' for r in results)
    failed = sum(r.status == 'fail' for r in results)
    skipped = sum(r.status == 'skip' for r in results)
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
