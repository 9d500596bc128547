#!/usr/bin/env python3
"""Self-test for tests/ktap.py, run on the canned serial logs in tests/canned.

Each case names a canned log and states what the parser must find in it:

* counts   -- the expected (passed, failed, skipped) from ktap.summarize();
* errors   -- substrings; each must occur in some structural error, and
              every error must contain one of them (so no surprise errors);
* failing  -- optional {full test name: [substrings of its detail lines]};
              when given, the failures reported must be exactly these names.

A few cases check more than a parse (CRLF line endings, the command line's
output); they supply their own check function.

The script prints its own results as KTAP version 1 (so they can be merged
with the kernel's), diagnostics first and then the result line they
explain, and exits 0 iff every case passed.  Usage:

    python3 tests/runner_selftest.py
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CANNED = os.path.join(HERE, 'canned')
sys.path.insert(0, HERE)

import ktap  # noqa: E402  (needs the path set up above)


# name, canned log, expected (passed, failed, skipped), error substrings,
# and optionally the expected failures.
CASES = [
    dict(name='clean_pass_log', log='clean_pass.log',
         counts=(4, 0, 1), errors=[]),
    dict(name='ktap_reference_example', log='ktap_md_example.log',
         counts=(2, 1, 1), errors=[],
         failing={'pmm.exhaustion_returns_null':
                  ['# leak: 1 frame not returned']}),
    dict(name='failing_test_names_file_line', log='failing_test.log',
         counts=(3, 1, 0), errors=[],
         failing={'pmm.exhaustion_returns_null':
                  ['# tests/pmm_test.c:42: expected alloc_frame() == NULL',
                   '# tests/pmm_test.c:43:']}),
    dict(name='truncated_log_detected', log='truncated.log',
         counts=(3, 0, 0),
         errors=['suite swap: plan 1..3 but 2 results — output stopped '
                 'early',
                 'top level: plan 1..2 but 1 result — output stopped '
                 'early']),
    dict(name='interleaved_kernel_log_ignored', log='interleaved.log',
         counts=(4, 0, 0), errors=[]),
    dict(name='missing_ktap_header_detected', log='no_header.log',
         counts=(3, 0, 1),
         errors=["no 'KTAP version 1' line at column 0"]),
    dict(name='tap14_header_detected', log='tap14_header.log',
         counts=(1, 0, 0),
         errors=["line 1 has 'TAP version 14' instead"]),
    dict(name='suite_disagreeing_with_children', log='suite_disagrees.log',
         counts=(3, 1, 0),
         errors=["suite pmm: its result line says 'ok' but its child "
                 "'exhaustion_returns_null' failed",
                 "suite paging: its result line says 'not ok' but none of "
                 "its 2 children failed"],
         failing={'pmm.exhaustion_returns_null': ['tests/pmm_test.c:57:'],
                  'paging': []}),
    dict(name='misnumbered_results_detected', log='misnumbered.log',
         counts=(3, 0, 0),
         errors=["suite pmm: result 4 'mem_cap_honoured' (line 8) is out of "
                 'order — expected number 3']),
    dict(name='garbled_indentation_detected', log='garbled_indent.log',
         counts=(1, 0, 0),
         errors=['line 7: garbled result line (indented 3 spaces',
                 "line 8: garbled result line (expected 'ok <n> <name>')",
                 'suite pmm: plan 1..2 but 1 result']),
    dict(name='suite_name_mismatch_detected', log='name_mismatch.log',
         counts=(1, 0, 0),
         errors=["suite paging: its result line (line 7) is named 'pagin' "
                 "but '# Subtest:' said 'paging'"]),
    dict(name='missing_nested_plan_detected', log='missing_nested_plan.log',
         counts=(2, 0, 0),
         errors=["suite pmm: missing plan line '1..N' in its nested KTAP "
                 'document']),
    dict(name='three_level_nesting', log='deep_nesting.log',
         counts=(2, 1, 1), errors=[],
         failing={'pmm.alloc_sizes.size_1g': ['tests/pmm_test.c:88:']}),
    dict(name='directives_skip_timeout_error_xfail', log='directives.log',
         counts=(2, 3, 1), errors=[],
         failing={'core.sleeps_forever': ['# TIMEOUT 5s elapsed'],
                  'core.bad_fixture': ['# ERROR fixture setup failed'],
                  'vmm': ['# ERROR suite init failed']}),
    dict(name='reboot_restart_detected', log='restarted.log',
         counts=(1, 0, 0),
         errors=["line 9: a second top-level 'KTAP version 1'",
                 'suite pmm: plan 1..2 but 1 result — output stopped early',
                 'top level: plan 1..2 but 0 results — output stopped '
                 'early']),
]


def read_log(name):
    """Text of a canned log (bytes kept as they are, newlines included)."""
    with open(os.path.join(CANNED, name), encoding='utf-8',
              newline='') as log:
        return log.read()


def check_errors(expected, errors):
    """Problems matching expected error substrings against actual errors."""
    problems = []
    for want in expected:
        if not any(want in error for error in errors):
            problems.append(f'expected error containing {want!r}, '
                            f'got {errors!r}')
    for error in errors:
        if not any(want in error for want in expected):
            problems.append(f'unexpected error {error!r}')
    return problems


def check_failing(expected, report):
    """Problems matching expected failures (and their details)."""
    found = dict(ktap.failures(report))
    problems = []
    if sorted(found) != sorted(expected):
        problems.append(f'expected failures {sorted(expected)!r}, '
                        f'got {sorted(found)!r}')
    for name, wants in expected.items():
        details = found.get(name, [])
        for want in wants:
            if not any(want in line for line in details):
                problems.append(f'expected {name} detail containing '
                                f'{want!r}, got {details!r}')
    return problems


def check_parse(case, text):
    """Run one table case on text; return a list of problem strings."""
    report = ktap.parse(text)
    problems = []
    counts = ktap.summarize(report)
    if counts != case['counts']:
        problems.append(f"expected (passed, failed, skipped) = "
                        f"{case['counts']}, got {counts}")
    problems += check_errors(case['errors'], report.errors)
    if 'failing' in case:
        problems += check_failing(case['failing'], report)
    return problems


def run_table_case(case):
    return check_parse(case, read_log(case['log']))


def crlf_case():
    """Serial logs captured on the host often end lines with CR LF."""
    text = read_log('failing_test.log').replace('\n', '\r\n')
    case = dict(counts=(3, 1, 0), errors=[],
                failing={'pmm.exhaustion_returns_null':
                         ['# tests/pmm_test.c:42:']})
    return check_parse(case, text)


def run_cli(log):
    """Run 'python3 tests/ktap.py LOG'; return (exit status, stdout lines)."""
    script = os.path.join(HERE, 'ktap.py')
    done = subprocess.run([sys.executable, script, os.path.join(CANNED, log)],
                          capture_output=True, text=True, check=False)
    return done.returncode, done.stdout.splitlines()


def expect_cli(log, status, lines):
    """Problems if the command line's exit status or output differ."""
    got_status, got = run_cli(log)
    problems = []
    if got_status != status:
        problems.append(f'{log}: expected exit status {status}, '
                        f'got {got_status}')
    if got != lines:
        problems.append(f'{log}: expected output {lines!r}, got {got!r}')
    return problems


def cli_case():
    """The command line prints FAIL/ERROR lines and the summary line."""
    problems = expect_cli('clean_pass.log', 0,
                          ['4 passed, 0 failed, 1 skipped'])
    problems += expect_cli('failing_test.log', 1, [
        'FAIL pmm.exhaustion_returns_null',
        '    # tests/pmm_test.c:42: expected alloc_frame() == NULL, '
        'got 0x7fe000',
        '    # tests/pmm_test.c:43: 1 frame not returned',
        '3 passed, 1 failed, 0 skipped'])
    problems += expect_cli('truncated.log', 1, [
        'ERROR: suite swap: plan 1..3 but 2 results — output stopped early',
        'ERROR: top level: plan 1..2 but 1 result — output stopped early',
        '3 passed, 0 failed, 0 skipped'])
    return problems


def all_cases():
    """(name, zero-argument function returning problems) for every case."""
    cases = [(case['name'], lambda case=case: run_table_case(case))
             for case in CASES]
    cases.append(('crlf_line_endings', crlf_case))
    cases.append(('command_line_output', cli_case))
    return cases


def main():
    # Diagnostics may contain non-ASCII ('—'); don't let the locale decide.
    sys.stdout.reconfigure(encoding='utf-8')
    cases = all_cases()
    print('KTAP version 1')
    print(f'1..{len(cases)}')
    failed = 0
    for number, (name, run) in enumerate(cases, 1):
        problems = run()
        # KTAP: a test's diagnostics come before its result line.
        for problem in problems:
            print(f'# {problem}')
        print(f"{'not ok' if problems else 'ok'} {number} {name}")
        failed += bool(problems)
    # The same totals line KUnit prints at the end of its run.
    print(f'# Totals: pass:{len(cases) - failed} fail:{failed} skip:0 '
          f'total:{len(cases)}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
