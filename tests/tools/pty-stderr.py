#!/usr/bin/python3
"""pty-stderr.py: run a command with its standard error on a pseudo-terminal.

Usage: pty-stderr.py OUT -- COMMAND [ARG...]

What the command writes to standard error (a terminal, as far as isatty()
can tell) is saved byte for byte to OUT, carriage returns and escape
sequences included; its standard output goes where ours goes. Exits with
the command's status. For tests of output meant for a person at a
terminal (auditkit's progress line), which a pipe would switch off.
"""
import os
import pty
import subprocess
import sys


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: pty-stderr.py OUT -- COMMAND [ARG...]")
    out, cmd = sys.argv[1], sys.argv[3:]
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    rc = proc.wait()
    with open(out, "wb") as f:
        f.write(b"".join(chunks))
    sys.exit(rc)


if __name__ == "__main__":
    main()
