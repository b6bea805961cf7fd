"""Runs a command on a real pseudo-terminal and answers its PIN prompts, as a notary would.

Usage: python3 pty_run.py PIN [PIN ...] -- COMMAND [ARG ...]
Each time the output shows a prompt ending in "PIN: ", the next PIN is typed
(followed by Enter); the last one is repeated once the list runs out. Prints everything
the command wrote to the terminal and exits with the command's exit status.
"""
import os
import pty
import sys
import time

sep = sys.argv.index("--")
pins, cmd = sys.argv[1:sep], sys.argv[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)

out = b""
answered = 0
deadline = time.time() + 120
while time.time() < deadline:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    prompts = out.count(b"PIN: ")
    while answered < prompts:
        pin = pins[min(answered, len(pins) - 1)]
        os.write(fd, pin.encode() + b"\r")
        answered += 1
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
