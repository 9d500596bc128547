"""faultline GDB helpers (source'd by scripts/gdb/gdbinit).

Commands are prefixed fl-, like Linux's lx- helpers; `help fl-...` for each.
They read the kernel's own structures through its symbols.
"""
import gdb


class FlTrapInfo(gdb.Command):
    """fl-decode-pf ERRCODE: decode a page-fault error code (P W U RSVD I)."""

    def __init__(self):
        super().__init__("fl-decode-pf", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        ec = int(gdb.parse_and_eval(arg))
        words = ["protection-violation" if ec & 1 else "not-present",
                 "write" if ec & 2 else "read",
                 "user" if ec & 4 else "kernel"]
        if ec & 8:
            words.append("reserved-bit")
        if ec & 16:
            words.append("instruction-fetch")
        gdb.write(" ".join(words) + "\n")


FlTrapInfo()
