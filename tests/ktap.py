#!/usr/bin/env python3
"""Parse KTAP version 1 test output from a faultline QEMU serial log.

The kernel's in-kernel tests print KTAP (see shared/reference/ktap.md and
Linux's Documentation/dev-tools/ktap.rst); the serial log also carries
ordinary kernel messages, so this parser has to pick the KTAP lines out of
the noise and check their structure.

The format rules this module enforces (each rule is restated where it is
implemented):

* The document starts with ``KTAP version 1`` at column 0, then the plan
  ``1..N``, then N results numbered 1, 2, 3, ...
* A result is ``ok <n> <name>`` or ``not ok <n> <name>``, optionally
  followed by `` # <DIRECTIVE> <reason>`` where DIRECTIVE is SKIP, TIMEOUT,
  ERROR or XFAIL.  SKIP (with ok *or* not ok) makes the test "skip";
  otherwise ``ok`` is "ok" and ``not ok`` is "fail".
* A test with subtests (a suite) prints a whole nested KTAP document
  indented by two more spaces: ``KTAP version 1``, ``# Subtest: <name>``,
  its own plan and results.  The nested document is closed by the suite's
  own result line at the parent's indentation, carrying the same name.
* A suite fails if and only if one of its children fails; skipped
  children don't fail it.
* ``#`` lines are diagnostics.  The ones printed at a test's indentation
  since the previous result line at that indentation belong to that
  test (this is how the kernel reports ``# file.c:12: expected ...``).
* Any other line is an "unknown line" and is ignored, so kernel log
  messages may be interleaved with the KTAP output.

Only leaf tests (results without subtests) are counted as tests; a suite's
own result line is recorded in ``Report.suites`` instead.  The exception,
as in Linux's parser: a suite that ran no subtests at all (plan ``1..0``)
is counted as a test by its own result line.

Command line::

    python3 tests/ktap.py LOGFILE      (use - for standard input)

prints ``FAIL suite.test`` for each failure (diagnostics indented below),
``ERROR: ...`` for each structural problem, then a last line exactly
``N passed, N failed, N skipped``.  The exit status is 1 if anything failed
or the structure was broken, else 0.

Python 3 standard library only.
"""

import re
import sys
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

# --------------------------------------------------------------------------
# Line shapes.  Each pattern is matched against a line with its
# indentation already removed (the "body").
# --------------------------------------------------------------------------

# Rule: the version line is "KTAP version 1"; "TAP version N" is the older
# TAP spelling that Linux's parser also accepts, so it is recognised (and
# reported as an error) rather than silently ignored.
VERSION_RE = re.compile(r'^(K?TAP) version ([0-9]+)$')
EXPECTED_VERSION = 'KTAP version 1'

# Rule: the plan is "1..N" (N may be 0); TAP allows a trailing comment.
PLAN_RE = re.compile(r'^1\.\.([0-9]+)(?:\s+#.*)?$')

# Rule: "ok <n> <name>" / "not ok <n> <name>", optional " # directive".
# The name may not contain '#' (the same rule as Linux's kunit_parser), and
# the TAP-style "- " before the name is tolerated and dropped.
RESULT_RE = re.compile(
    r'^(ok|not ok) ([0-9]+)(?: +(?:- )?([^#]*?))?\s*(?:#\s*(.*))?$')

# Anything else that starts with the word ok / not ok is a garbled result.
RESULT_LIKE_RE = re.compile(r'^(ok|not ok)(\s|$)')

# Rule: "# Subtest: <name>" right after a nested version line names the
# suite (KUnit prints it; Linux's parser reads the suite name from it).
SUBTEST_RE = re.compile(r'^#\s*Subtest:\s*(.*?)\s*$')

# Rule: the directives KTAP knows.  TODO is deliberately absent: KTAP tools
# do not recognise it, so it stays plain reason text.
DIRECTIVE_RE = re.compile(r'^(SKIP|TIMEOUT|ERROR|XFAIL)\b\s*(.*)$',
                          re.IGNORECASE)

# Rule: nesting is two spaces per level.
INDENT_STEP = 2


# --------------------------------------------------------------------------
# Public result types.
# --------------------------------------------------------------------------

@dataclass
class Result:
    """One leaf test (a result line with no subtests)."""
    suite: str            # dotted path of enclosing suites; '' at top level
    name: str             # the test name from its result line
    status: str           # 'ok', 'fail' or 'skip'
    directive: str = ''   # 'SKIP', 'TIMEOUT', 'ERROR', 'XFAIL' or ''
    reason: str = ''      # text after the directive (or the whole comment)
    diagnostics: List[str] = field(default_factory=list)  # '# ...' lines
    number: int = 0       # its number on the result line
    line: int = 0         # 1-based line number in the log

    @property
    def full_name(self) -> str:
        """'suite.test', or just 'test' for a top-level leaf."""
        return f'{self.suite}.{self.name}' if self.suite else self.name


@dataclass
class Suite:
    """A test with subtests, i.e. one nested KTAP document."""
    name: str                 # dotted path, e.g. 'pmm' or 'pmm.params'
    status: Optional[str]     # own result line: 'ok'/'fail'/'skip', or
                              # None when its result line never came
    plan: Optional[int]       # N from its '1..N', None if it had no plan
    results: int = 0          # how many result lines it actually held
    directive: str = ''
    reason: str = ''
    diagnostics: List[str] = field(default_factory=list)
    line: int = 0             # line of its own result line (or its start)


@dataclass
class Report:
    """Everything parse() found in one log."""
    tests: List[Result] = field(default_factory=list)
    suites: List[Suite] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# Internal tree built while reading lines.
# --------------------------------------------------------------------------

@dataclass
class _Entry:
    """A result line (or a placeholder for a suite that never got one)."""
    number: Optional[int]     # None marks a placeholder
    name: str
    word: str                 # 'ok' / 'not ok' / '' for a placeholder
    status: Optional[str]
    directive: str
    reason: str
    diagnostics: List[str]
    line: int
    child: Optional['_Doc'] = None   # the nested document it closes


@dataclass
class _Doc:
    """One KTAP document: the top level or a suite's nested document."""
    depth: int
    line: int                       # line where it started
    has_version: bool = True
    name: Optional[str] = None      # from '# Subtest:'
    plan: Optional[int] = None
    late_plan_line: int = 0         # plan seen after results started
    body_started: bool = False      # a result or nested doc was seen
    entries: List[_Entry] = field(default_factory=list)
    pending: List[str] = field(default_factory=list)  # diagnostics
    ended_by: Optional[int] = None  # for a doc left unclosed: the line
                                    # that forced it shut (None = EOF)


def _split_directive(comment: Optional[str]) -> Tuple[str, str]:
    """Split the text after ' # ' into (DIRECTIVE, reason)."""
    if not comment:
        return '', ''
    match = DIRECTIVE_RE.match(comment)
    if not match:
        return '', comment.strip()
    return match.group(1).upper(), match.group(2).strip()


def _status(word: str, directive: str) -> str:
    """Rule: SKIP (with ok or not ok) is skip; else ok passes, not ok fails.

    XFAIL keeps the status of its ok/not ok word, as in Linux's parser.
    """
    if directive == 'SKIP':
        return 'skip'
    return 'ok' if word == 'ok' else 'fail'


def _classify(body: str):
    """Return (kind, match) for a line body, or (None, None) if unknown."""
    for kind, pattern in (('version', VERSION_RE), ('plan', PLAN_RE),
                          ('result', RESULT_RE),
                          ('malformed', RESULT_LIKE_RE),
                          ('subtest', SUBTEST_RE)):
        match = pattern.match(body)
        if match:
            return kind, match
    # Rule: any other line starting with '#' is a diagnostic.
    if body.startswith('#'):
        return 'diag', None
    # Rule: everything else is an unknown line (kernel log) and ignored.
    return None, None


def _describe_indent(indent: str) -> str:
    """Human wording for a bad indentation string."""
    if '\t' in indent:
        return 'indented with a tab'
    return f'indented {len(indent)} spaces'


class _Builder:
    """Feeds lines one by one and builds the _Doc tree.

    Invariant: self.stack[i].depth == i; the last element is the deepest
    document still open.  Only line-level problems are reported here; the
    structural checks run later over the finished tree (see _Checker).
    """

    def __init__(self, top: _Doc):
        self.stack = [top]
        self.errors: List[str] = []
        self.stopped = False

    @property
    def top(self) -> _Doc:
        return self.stack[-1]

    def feed(self, lineno: int, line: str) -> None:
        """Classify one line and hand it to the matching _on_* method."""
        if self.stopped:
            return
        body = line.lstrip(' \t')
        kind, match = _classify(body)
        if kind is None:
            return
        indent = line[:len(line) - len(body)]
        # Rule: nesting is exactly two spaces per level.  A result at any
        # other indentation is garbled; other lines there are just noise.
        if '\t' in indent or len(indent) % INDENT_STEP:
            if kind in ('result', 'malformed'):
                self.errors.append(
                    f'line {lineno}: garbled result line '
                    f'({_describe_indent(indent)}; KTAP nests by two '
                    f'spaces): {line.strip()!r}')
            return
        handler = getattr(self, '_on_' + kind)
        handler(lineno, len(indent) // INDENT_STEP, match, body)

    def finish(self) -> _Doc:
        """End of input: every nested document still open stopped early."""
        while len(self.stack) > 1:
            self._pop_unclosed(None)
        return self.stack[0]

    # -- opening and closing nested documents ------------------------------

    def _push(self, lineno: int, has_version: bool,
              name: Optional[str] = None) -> None:
        self.top.body_started = True
        self.stack.append(_Doc(depth=self.top.depth + 1, line=lineno,
                               has_version=has_version, name=name))

    def _pop_unclosed(self, lineno: Optional[int]) -> None:
        """Close a nested doc that never got its own result line.

        It stays in the tree (its leaves still count) behind a placeholder
        entry, so the checker can report the missing result line.
        """
        doc = self.stack.pop()
        doc.ended_by = lineno
        self.top.entries.append(_Entry(
            number=None, name=doc.name or '', word='', status=None,
            directive='', reason='', diagnostics=[], line=doc.line,
            child=doc))

    def _too_deep(self, lineno: int, depth: int, body: str) -> bool:
        """Rule: a line may open at most one new level of nesting."""
        if depth <= self.top.depth + 1:
            return False
        self.errors.append(
            f'line {lineno}: {body!r} is indented {depth * INDENT_STEP} '
            f'spaces but the open KTAP document is at '
            f'{self.top.depth * INDENT_STEP}')
        return True

    # -- one handler per line kind -----------------------------------------

    def _on_version(self, lineno, depth, match, body):
        # Rule: a second column-0 version line means the output restarted
        # (e.g. the machine rebooted); what follows is not this run.
        if depth == 0:
            self.errors.append(
                f'line {lineno}: a second top-level {body!r} — output '
                f'restarted (reboot?); ignoring the rest of the log')
            self.stopped = True
            return
        if self._too_deep(lineno, depth, body):
            return
        if body != EXPECTED_VERSION:
            self.errors.append(f'line {lineno}: nested header {body!r} '
                               f'should be {EXPECTED_VERSION!r}')
        # Rule: a version line starts a new nested document at this depth;
        # anything still open at this depth or deeper never got closed.
        while self.top.depth >= depth:
            self._pop_unclosed(lineno)
        self._push(lineno, has_version=True)

    def _on_subtest(self, lineno, depth, match, body):
        doc = self.top
        fresh = (doc.depth > 0 and doc.has_version and doc.name is None
                 and doc.plan is None and not doc.body_started)
        # Rule: '# Subtest: X' right after a nested version line names it.
        if depth == doc.depth and fresh:
            doc.name = match.group(1)
        # Linux also accepts '# Subtest:' without a version line as the
        # start of a nested document; accept it (the checker complains).
        elif depth == doc.depth + 1:
            self._push(lineno, has_version=False, name=match.group(1))
        else:
            self._on_diag(lineno, depth, match, body)

    def _on_plan(self, lineno, depth, match, body):
        if self._too_deep(lineno, depth, body):
            return
        if depth == self.top.depth + 1:
            self._push(lineno, has_version=False)
        doc = self.stack[depth]
        if doc.plan is not None:
            self.errors.append(f'line {lineno}: a second plan {body!r} in '
                               f'one KTAP document (first was '
                               f'1..{doc.plan})')
            return
        # Rule: the plan comes before any result or nested document.
        if doc.body_started:
            doc.late_plan_line = lineno
        doc.plan = int(match.group(1))
        # Diagnostics before the plan describe the document, not test 1.
        doc.pending = []

    def _on_result(self, lineno, depth, match, body):
        # Rule: a result deeper than any open document is garbled.
        if depth > self.top.depth:
            self.errors.append(
                f'line {lineno}: garbled result line (indented '
                f'{depth * INDENT_STEP} spaces, but no nested KTAP document '
                f'is open there): {body!r}')
            return
        # Documents two or more levels deeper were never closed.
        while self.top.depth > depth + 1:
            self._pop_unclosed(lineno)
        # Rule: a result one level above the open document closes it:
        # it is that suite's own result line.
        child = self.stack.pop() if self.top.depth == depth + 1 else None
        self._add_entry(lineno, match, child)

    def _add_entry(self, lineno, match, child):
        doc = self.top
        word = match.group(1)
        directive, reason = _split_directive(match.group(4))
        doc.entries.append(_Entry(
            number=int(match.group(2)), name=(match.group(3) or '').strip(),
            word=word, status=_status(word, directive), directive=directive,
            reason=reason, diagnostics=doc.pending, line=lineno,
            child=child))
        doc.pending = []
        doc.body_started = True

    def _on_malformed(self, lineno, depth, match, body):
        self.errors.append(f'line {lineno}: garbled result line (expected '
                           f"'ok <n> <name>'): {body!r}")

    def _on_diag(self, lineno, depth, match, body):
        # Rule: a diagnostic belongs to the next result at its own
        # indentation; deeper than any open document, it belongs nowhere.
        if depth <= self.top.depth:
            self.stack[depth].pending.append(body)


def _plural(count: int, word: str, words: str = '') -> str:
    """'1 result', '3 results' (or the given irregular plural)."""
    if count == 1:
        return f'{count} {word}'
    return f'{count} {words or word + "s"}'


class _Checker:
    """Walks the finished tree, fills a Report and checks structure."""

    def __init__(self, report: Report):
        self.report = report

    def error(self, message: str) -> None:
        self.report.errors.append(message)

    def check_doc(self, doc: _Doc, path: Tuple[str, ...], label: str,
                  stopped: bool) -> None:
        """Record and check a document's entries, then the document.

        stopped is True when this document's output ended with the input
        (so a short plan means "stopped early"), not at a closing line.
        """
        for entry in doc.entries:
            if entry.child is None:
                self._add_leaf(entry, path)
            else:
                self._add_suite(entry, path)
        self._check_numbers(doc, label)
        self._check_plan(doc, label, stopped)

    def _check_numbers(self, doc: _Doc, label: str) -> None:
        """Rule: results at one level are numbered 1, 2, 3, ... in order."""
        expected = 1
        for entry in doc.entries:
            if entry.number is not None and entry.number != expected:
                self.error(f'{label}: result {entry.number} '
                           f'{entry.name!r} (line {entry.line}) is out of '
                           f'order — expected number {expected}')
            expected = (entry.number or expected) + 1

    def _check_plan(self, doc: _Doc, label: str, stopped: bool) -> None:
        """Rule: a plan exists, precedes the results and matches them."""
        if doc.plan is None:
            where = '' if doc.depth == 0 else ' in its nested KTAP document'
            self.error(f"{label}: missing plan line '1..N'{where}")
            return
        if doc.late_plan_line:
            self.error(f'{label}: plan 1..{doc.plan} (line '
                       f'{doc.late_plan_line}) comes after results; it must '
                       f"follow 'KTAP version 1'")
        count = sum(1 for e in doc.entries if e.number is not None)
        if count == doc.plan:
            return
        # A suite whose result line went missing mid-log explains a short
        # plan by itself (it is reported on its own); that is not a stop.
        cut = any(e.number is None and e.child.ended_by is not None
                  for e in doc.entries)
        message = f'{label}: plan 1..{doc.plan} but {_plural(count, "result")}'
        if count > doc.plan:
            message += ' — more than planned'
        elif stopped and not cut:
            message += ' — output stopped early'
        self.error(message)

    def _add_leaf(self, entry: _Entry, path: Tuple[str, ...]) -> None:
        self.report.tests.append(Result(
            suite='.'.join(path), name=entry.name, status=entry.status,
            directive=entry.directive, reason=entry.reason,
            diagnostics=entry.diagnostics, number=entry.number,
            line=entry.line))

    def _add_suite(self, entry: _Entry, path: Tuple[str, ...]) -> None:
        child = entry.child
        # Name from '# Subtest:', else its result line, else its position.
        name = child.name or entry.name or (
            f'#{entry.number}' if entry.number else '(unnamed)')
        full = '.'.join(path + (name,))
        label = f'suite {full}'
        self.report.suites.append(Suite(
            name=full, status=entry.status, plan=child.plan,
            results=sum(1 for e in child.entries if e.number is not None),
            directive=entry.directive, reason=entry.reason,
            diagnostics=entry.diagnostics, line=entry.line))
        at_eof = entry.number is None and child.ended_by is None
        # Rule (as in Linux's kunit_parser): a suite that closed with no
        # subtests at all, e.g. '1..0' after its init failed, counts as a
        # test itself, so its failure shows in the summary counts.
        if entry.number is not None and not child.entries:
            self._add_leaf(entry, path)
        self._check_header(child, label)
        self._check_closing(entry, child, label)
        self.check_doc(child, path + (name,), label, at_eof)
        self._check_agreement(entry, child, label)

    def _check_header(self, child: _Doc, label: str) -> None:
        """Rule: a nested document starts with its own version line."""
        if not child.has_version:
            self.error(f"{label}: nested document (line {child.line}) has "
                       f"no 'KTAP version 1' line")

    def _check_closing(self, entry: _Entry, child: _Doc,
                       label: str) -> None:
        """Rule: a suite is closed by its own result line, same name."""
        if entry.number is None:
            self._report_unclosed(child, label)
        elif child.name is not None and entry.name != child.name:
            self.error(f'{label}: its result line (line {entry.line}) is '
                       f"named {entry.name!r} but '# Subtest:' said "
                       f'{child.name!r}')

    def _report_unclosed(self, child: _Doc, label: str) -> None:
        if child.ended_by is not None:
            self.error(f'{label}: missing its own result line (line '
                       f'{child.ended_by} started something else)')
            return
        # At end of input a short plan already says "stopped early";
        # only say it here when the plan does not.
        count = sum(1 for e in child.entries if e.number is not None)
        if child.plan is None or count >= child.plan:
            self.error(f'{label}: no result line of its own — output '
                       f'stopped early')

    def _check_agreement(self, entry: _Entry, child: _Doc,
                         label: str) -> None:
        """Rule: a suite fails iff a child fails (skips don't fail it)."""
        if entry.number is None:
            return
        kids = [e for e in child.entries if e.number is not None]
        failing = [e.name for e in kids if e.status == 'fail']
        if entry.status != 'fail' and failing:
            more = ''
            if len(failing) > 1:
                more = f' (and {len(failing) - 1} more)'
            said = 'ok # SKIP' if entry.status == 'skip' else 'ok'
            self.error(f"{label}: its result line says '{said}' but its "
                       f'child {failing[0]!r} failed{more}')
        # A suite may fail for a reason of its own if it says why (TIMEOUT,
        # ERROR); a short plan is reported already.
        complete = child.plan is None or len(kids) == child.plan
        if (entry.status == 'fail' and not failing and kids
                and not entry.directive and complete):
            self.error(f"{label}: its result line says 'not ok' but none "
                       f'of its {_plural(len(kids), "child", "children")} '
                       f'failed')


def _find_header(lines: List[str], errors: List[str]) -> int:
    """Return the index of the top-level version line, or -1 if none.

    Rule: the document must start with 'KTAP version 1' at column 0.
    Lines before it are kernel boot messages and are skipped.
    """
    for index, line in enumerate(lines):
        if line == EXPECTED_VERSION:
            return index
    for index, line in enumerate(lines):
        if VERSION_RE.match(line):
            errors.append(f"no 'KTAP version 1' line at column 0 (line "
                          f'{index + 1} has {line!r} instead)')
            return index
    # A header behind a prefix (a timestamp, say) is not at column 0.
    # Indented version lines are nested documents, not the header.
    for index, line in enumerate(lines):
        column = line.find(EXPECTED_VERSION)
        if column > 0 and line[:column].strip():
            errors.append(f"no 'KTAP version 1' line at column 0 (line "
                          f'{index + 1} has it at column {column}: '
                          f'{line!r})')
            return -1
    errors.append("no 'KTAP version 1' line at column 0 — the log has no "
                  'KTAP output header')
    return -1


def parse(text: str) -> Report:
    """Parse a serial log and return a Report (see the module docstring)."""
    lines = [line.rstrip() for line in text.splitlines()]
    report = Report()
    header = _find_header(lines, report.errors)
    # Without a header, parse from the top anyway (best effort) so counts
    # and failures are still reported next to the header error.
    top = _Doc(depth=0, line=header + 1, has_version=header >= 0)
    builder = _Builder(top)
    for index in range(header + 1, len(lines)):
        builder.feed(index + 1, lines[index])
    tree = builder.finish()
    report.errors.extend(builder.errors)
    # Rule: output that ends before the top-level plan is met stopped early.
    _Checker(report).check_doc(tree, (), 'top level', stopped=True)
    return report


def summarize(report: Report) -> Tuple[int, int, int]:
    """Count leaf tests: (passed, failed, skipped)."""
    statuses = [test.status for test in report.tests]
    return (statuses.count('ok'), statuses.count('fail'),
            statuses.count('skip'))


def failures(report: Report) -> List[Tuple[str, List[str]]]:
    """List (name, detail lines) for every failure worth reporting.

    That is each failing leaf test, plus each failing suite none of whose
    tests failed (its own 'not ok' is then the only sign of trouble).
    """
    found = []
    for test in report.tests:
        if test.status == 'fail':
            found.append((test.full_name, _details(test)))
    failed = [t.full_name for t in report.tests if t.status == 'fail']
    for suite in report.suites:
        prefix = suite.name + '.'
        if suite.status == 'fail' and not any(
                name == suite.name or name.startswith(prefix)
                for name in failed):
            found.append((suite.name, _details(suite)))
    return found


def _details(item) -> List[str]:
    """Diagnostics of a Result or Suite, then its directive if any."""
    details = list(item.diagnostics)
    if item.directive:
        details.append(f'# {item.directive} {item.reason}'.rstrip())
    return details


def format_report(report: Report) -> List[str]:
    """The lines main() prints for a report."""
    out = []
    for name, details in failures(report):
        out.append(f'FAIL {name}')
        out.extend('    ' + line for line in details)
    out.extend(f'ERROR: {message}' for message in report.errors)
    passed, failed, skipped = summarize(report)
    out.append(f'{passed} passed, {failed} failed, {skipped} skipped')
    return out


def report_ok(report: Report) -> bool:
    """True when nothing failed and the structure was sound."""
    return not report.errors and not failures(report)


def main(argv: Optional[List[str]] = None) -> int:
    """Command line entry point: python3 tests/ktap.py LOGFILE."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print('usage: ktap.py LOGFILE   (- reads standard input)',
              file=sys.stderr)
        return 2
    if args[0] == '-':
        text = sys.stdin.read()
    else:
        # Serial logs can hold stray non-UTF-8 bytes; don't die on them.
        with open(args[0], encoding='utf-8', errors='replace') as log:
            text = log.read()
    report = parse(text)
    for line in format_report(report):
        print(line)
    return 0 if report_ok(report) else 1


if __name__ == '__main__':
    sys.exit(main())
